import type { DisguiseListing } from '../../../main/core/disguise/disguise-listing';
import { CommandError, call, toPayload } from '../api/bridge';
import type { DisguisesSlice, SliceCreator } from './types';

export const createDisguisesSlice: SliceCreator<DisguisesSlice> = (set, get, { api }) => {
  /** Sends one change; the answer is the new list. A disguise or server that vanished reloads the list. */
  const change = async (id: string, send: () => Promise<DisguiseListing>) => {
    set({ disguiseBusy: id, disguisesError: null });
    try {
      set({ disguiseList: await send() });
      return true;
    } catch (err) {
      set({ disguisesError: toPayload(err) });
      const code = err instanceof CommandError ? err.payload.code : null;
      if (code === 'disguise-not-found' || code === 'server-not-found') await get().loadDisguises();
      return false;
    } finally {
      set((s) => ({ disguiseBusy: s.disguiseBusy === id ? null : s.disguiseBusy }));
    }
  };

  return {
    disguiseList: null,
    disguisesError: null,
    disguiseBusy: null,

    async loadDisguises() {
      try {
        set({ disguiseList: await call(api, 'disguises.list', {}) });
      } catch (err) {
        // An engine without disguises: the window simply does not show them.
        if (err instanceof CommandError && err.payload.code === 'unknown-command') return;
        set({ disguisesError: toPayload(err) });
      }
    },

    attachDisguise(id, serverKey) {
      return change(id, () => call(api, 'disguises.attach', { id, serverKey }));
    },

    detachDisguise(id) {
      return change(id, () => call(api, 'disguises.detach', { id }));
    },

    removeDisguise(id) {
      return change(id, async () => (await call(api, 'disguises.remove', { id })).listing);
    },

    dismissDisguisesError() {
      set({ disguisesError: null });
    },
  };
};
