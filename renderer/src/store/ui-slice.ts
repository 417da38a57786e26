import type { SliceCreator, UiSlice } from './types';

export const createUiSlice: SliceCreator<UiSlice> = (set, get, { api, prefs }) => {
  const stored = prefs.load();
  const update = (patch: Partial<UiSlice['prefs']>) => {
    const next = { ...get().prefs, ...patch };
    set({ prefs: next });
    prefs.save(next);
  };
  return {
    prefs: { language: stored.language ?? 'system', theme: stored.theme ?? 'system' },
    view: 'connection',
    setLanguage: (language) => {
      update({ language });
      // The engine keeps it too (ui.language), so the tray, notifications and dialogs follow the window.
      void get().updateSetting('ui.language', language);
    },
    setTheme: (theme) => update({ theme }),
    setView: (view) => set({ view }),
    followNavigation: () =>
      // The shell has already shown and focused the window; what is left is to show what was clicked.
      api.on('navigate', (event) => {
        if (event.view === 'incident') void get().openIncident(event.incidentId);
      }),
  };
};
