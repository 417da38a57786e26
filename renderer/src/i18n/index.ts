import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ErrorPayload } from '../../../main/core/errors';
import { en } from './en';
import { LANGUAGES, type Language } from './languages';
import { zhCN } from './zh-CN';

export { LANGUAGES, resolveLanguage, type Language, type LanguagePreference } from './languages';

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
