import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ErrorPayload } from '../../../main/core/errors';
import { en } from './en';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LanguagePreference = Language | 'system';

/** The user's choice wins; otherwise the first system language we speak; otherwise English. */
export function resolveLanguage(preference: LanguagePreference, systemLanguages: readonly string[]): Language {
  if (preference !== 'system') return preference;
  for (const tag of systemLanguages) {
    const lower = tag.toLowerCase();
    // Readers of Traditional Chinese read Simplified far more easily than English.
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** One instance per app (and per test), initialised synchronously from bundled resources. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes on render.
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/** Words for an error: translated by its stable code, the engine's own sentence when the code is new to us. */
export function errorText(t: TFunction, error: ErrorPayload): string {
  return t(`errors.${error.code}`, { ...error.params, defaultValue: error.message });
}
