import { call, toPayload } from '../api/bridge';
import type { InfoSlice, SliceCreator } from './types';

export const createInfoSlice: SliceCreator<InfoSlice> = (set, _get, { api }) => ({
  info: null,
  infoError: null,
  async loadInfo() {
    try {
      set({ info: await call(api, 'app.info', {}), infoError: null });
    } catch (err) {
      set({ infoError: toPayload(err) });
    }
  },
});
