import { call, toPayload } from '../api/bridge';
import type { InfoSlice, SliceCreator } from './types';

export const createInfoSlice: SliceCreator<InfoSlice> = (set, _get, { api }) => ({
  info: null,
  infoError: null,
  async loadInfo() {
    try {
      const info = await call(api, 'app.info', {});
      // Main says what it offers; the window does not guess from the user agent.
      set({ info, infoError: null, folderImportAvailable: info.capabilities?.importDialog ?? false });
    } catch (err) {
      set({ infoError: toPayload(err) });
    }
  },
});
