import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveLanguage } from '../i18n';
import { useApp } from '../store/context';

/** Applies the chosen language and theme to the document; "system" follows the OS as it changes. */
export function useDisplayPrefs(): void {
  const { i18n } = useTranslation();
  const language = useApp((s) => s.prefs.language);
  const theme = useApp((s) => s.prefs.theme);

  useEffect(() => {
    const apply = () => {
      const resolved = resolveLanguage(language, navigator.languages ?? [navigator.language]);
      document.documentElement.lang = resolved;
      if (i18n.language !== resolved) void i18n.changeLanguage(resolved);
    };
    apply();
    window.addEventListener('languagechange', apply);
    return () => window.removeEventListener('languagechange', apply);
  }, [language, i18n]);

  useEffect(() => {
    // The stylesheet follows prefers-color-scheme unless a theme is pinned here.
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
