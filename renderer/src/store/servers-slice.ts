import type { CommandName, CommandParams } from '../../../preload/contract';
import { CommandError, call, toPayload } from '../api/bridge';
import type { ServersSlice, SliceCreator } from './types';

type ChangeCommand = Extract<
  CommandName,
  'servers.rename' | 'servers.assign' | 'servers.prefer' | 'servers.favourite' | 'servers.setPlace'
>;

export const createServersSlice: SliceCreator<ServersSlice> = (set, get, { api }) => {
  /** Sends one change; the answer is the new list. A server that vanished meanwhile reloads the list. */
  const change = async <C extends ChangeCommand>(busy: string, command: C, params: CommandParams<C>) => {
    set({ serverBusy: busy, serversError: null });
    try {
      set({ serverList: await call(api, command, params) });
      return true;
    } catch (err) {
      set({ serversError: toPayload(err) });
      if (err instanceof CommandError && err.payload.code === 'server-not-found') await get().loadServers();
      return false;
    } finally {
      set((s) => ({ serverBusy: s.serverBusy === busy ? null : s.serverBusy }));
    }
  };

  return {
    serverList: null,
    serversError: null,
    serverBusy: null,
    measuring: false,
    measureReport: null,

    async loadServers() {
      try {
        set({ serverList: await call(api, 'servers.list', {}) });
      } catch (err) {
        // An engine without the server list: the window simply does not show one.
        if (err instanceof CommandError && err.payload.code === 'unknown-command') return;
        set({ serversError: toPayload(err) });
      }
    },

    renameServer(key, name) {
      const trimmed = name?.trim() ?? '';
      return change(key, 'servers.rename', { key, name: trimmed === '' ? null : trimmed });
    },

    moveProfile(profileId, serverKey) {
      return change(profileId, 'servers.assign', { profileId, serverKey });
    },

    preferServer(key) {
      return change(key ?? 'none', 'servers.prefer', { key });
    },

    favouriteServer(key, favourite) {
      return change(key, 'servers.favourite', { key, favourite });
    },

    setServerPlace(key, country, city) {
      const trimmed = city?.trim() ?? '';
      return change(key, 'servers.setPlace', {
        key,
        country: country ? country.toUpperCase() : null,
        city: trimmed === '' ? null : trimmed,
      });
    },

    async measureServers(keys) {
      if (get().measuring) return;
      set({ measuring: true, serversError: null, measureReport: null });
      try {
        const { listing, ...report } = await call(api, 'servers.measure', keys && keys.length > 0 ? { keys } : {});
        set({ serverList: listing, measureReport: report });
      } catch (err) {
        set({ serversError: toPayload(err) });
      } finally {
        set({ measuring: false });
      }
    },

    dismissServersError() {
      set({ serversError: null });
    },
  };
};
