import { call, toPayload } from '../api/bridge';
import type { RecoverySlice, SliceCreator } from './types';

export const createRecoverySlice: SliceCreator<RecoverySlice> = (set, get, { api }) => ({
  recovery: null,
  recoveryBusy: false,
  recoveryError: null,

  async loadRecovery() {
    try {
      set({ recovery: await call(api, 'recovery.status', {}) });
    } catch (err) {
      // An engine without recovery answers unknown-command: nothing to show, nothing blocked that we know of.
      const payload = toPayload(err);
      if (payload.code !== 'unknown-command') set({ recoveryError: payload });
    }
  },

  async clearRecovery() {
    if (get().recoveryBusy) return;
    set({ recoveryBusy: true, recoveryError: null });
    try {
      set({ recovery: await call(api, 'recovery.clear', {}) });
    } catch (err) {
      set({ recoveryError: toPayload(err) });
    } finally {
      set({ recoveryBusy: false });
    }
  },
});
