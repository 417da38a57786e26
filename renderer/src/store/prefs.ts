import type { LanguagePreference } from '../i18n';

export type ThemePreference = 'system' | 'light' | 'dark';

export interface UiPrefs {
  language: LanguagePreference;
  theme: ThemePreference;
}

/** Where display preferences live; the app uses localStorage, tests an in-memory map. */
export interface PrefsStorage {
  load(): Partial<UiPrefs>;
  save(prefs: UiPrefs): void;
}

const KEY = 'holdfast.ui';

export const localStoragePrefs: PrefsStorage = {
  load() {
    try {
      const raw = window.localStorage.getItem(KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return sanitize(parsed);
    } catch {
      return {};
    }
  },
  save(prefs) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch {
      // Storage can be full or disabled; preferences then last for this window only.
    }
  },
};

export function memoryPrefs(initial: Partial<UiPrefs> = {}): PrefsStorage & { saved: UiPrefs | null } {
  const store = {
    saved: null as UiPrefs | null,
    load: () => ({ ...initial }),
    save(prefs: UiPrefs) {
      store.saved = prefs;
    },
  };
  return store;
}

function sanitize(value: unknown): Partial<UiPrefs> {
  if (typeof value !== 'object' || value === null) return {};
  const record = value as Record<string, unknown>;
  const out: Partial<UiPrefs> = {};
  if (record.language === 'system' || record.language === 'en' || record.language === 'zh-CN') {
    out.language = record.language;
  }
  if (record.theme === 'system' || record.theme === 'light' || record.theme === 'dark') out.theme = record.theme;
  return out;
}
