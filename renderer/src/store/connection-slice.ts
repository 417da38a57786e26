import { call, toPayload } from '../api/bridge';
import { applySnapshot, initialConnectionView } from '../connection/fold';
import type { ConnectionSlice, SliceCreator } from './types';
import { preferredProfileId } from '../servers/preferred';

export const createConnectionSlice: SliceCreator<ConnectionSlice> = (set, get, { api }) => ({
  connection: initialConnectionView,
  pending: null,
  commandError: null,

  async connect(profileId) {
    if (get().pending) return;
    // Nothing chosen and a preferred server set: no profile, so the engine takes the best way onto that server.
    const fallback = preferredProfileId(get()) ? undefined : get().profiles[0]?.id;
    const target = profileId ?? get().selectedProfileId ?? fallback;
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
