import { call, toPayload } from '../api/bridge';
import type { EngineSettings, SettingsSlice, SliceCreator } from './types';

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, _get, { api }) => ({
  settings: null,
  settingsError: null,
  savingKey: null,
  pendingSettings: {},
  networkForgotten: null,

  async loadSettings() {
    try {
      set({ settings: (await call(api, 'settings.get', {})) as EngineSettings, settingsError: null });
    } catch (err) {
      set({ settingsError: { key: null, error: toPayload(err) } });
    }
  },

  async updateSetting(key, value) {
    set((s) => ({ savingKey: key, settingsError: null, pendingSettings: { ...s.pendingSettings, [key]: value } }));
    try {
      const settings = (await call(api, 'settings.set', { key, value })) as EngineSettings;
      set({ settings });
      return true;
    } catch (err) {
      // The control keeps showing the engine's value, so a refused change springs back by itself.
      set({ settingsError: { key, error: toPayload(err) } });
      return false;
    } finally {
      set((s) => {
        const { [key]: _done, ...pendingSettings } = s.pendingSettings;
        return { pendingSettings, savingKey: s.savingKey === key ? null : s.savingKey };
      });
    }
  },

  dismissSettingsError() {
    set({ settingsError: null });
  },

  async forgetNetwork() {
    set({ networkForgotten: null, settingsError: null });
    try {
      const { forgotten } = await call(api, 'failover.forgetNetwork', {});
      set({ networkForgotten: forgotten });
    } catch (err) {
      set({ settingsError: { key: 'failover.forgetNetwork', error: toPayload(err) } });
    }
  },
});
