import { call, toPayload } from '../api/bridge';
import { applySnapshot, initialConnectionView } from '../connection/fold';
import type { ConnectionSlice, SliceCreator } from './types';

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set, get, { api }) => ({
  connection: initialConnectionView,
  pending: null,
  commandError: null,

  async connect(profileId) {
    if (get().pending) return;
    const target = profileId ?? get().selectedProfileId ?? get().profiles[0]?.id;
    set({ pending: 'connect', commandError: null });
    try {
      const snapshot = await call(api, 'connection.connect', target ? { profileId: target } : {});
      set((s) => ({ connection: applySnapshot(s.connection, snapshot) }));
    } catch (err) {
      set({ commandError: toPayload(err) });
    } finally {
      set({ pending: null });
    }
  },

  async disconnect() {
    if (get().pending === 'disconnect') return;
    set({ pending: 'disconnect', commandError: null });
    try {
      const snapshot = await call(api, 'connection.disconnect', {});
      set((s) => ({ connection: applySnapshot(s.connection, snapshot) }));
    } catch (err) {
      set({ commandError: toPayload(err) });
    } finally {
      set({ pending: null });
    }
  },

  async refreshConnection() {
    try {
      const snapshot = await call(api, 'connection.snapshot', {});
      set((s) => ({ connection: applySnapshot(s.connection, snapshot) }));
    } catch (err) {
      set({ commandError: toPayload(err) });
    }
  },

  dismissConnectionError() {
    set({ commandError: null });
  },
});
