import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import type { LanguagePreference } from '../i18n';
import type { ThemePreference } from '../store/prefs';
import { useApp } from '../store/context';
import { AboutSection } from './AboutSection';

/** Display preferences and what the app knows about itself; engine settings join here later. */
export function SettingsDialog() {
  const { t } = useTranslation();
  const open = useApp((s) => s.settingsOpen);
  const close = useApp((s) => s.closeSettings);
  const prefs = useApp((s) => s.prefs);
  const setLanguage = useApp((s) => s.setLanguage);
  const setTheme = useApp((s) => s.setTheme);
  const languageId = useId();
  const themeId = useId();

  return (
    <Dialog open={open} title={t('settings.title')} closeLabel={t('settings.close')} onClose={close}>
      <div className="field">
        <label htmlFor={languageId} className="field__label">
          {t('settings.language')}
        </label>
        <select
          id={languageId}
          className="field__control"
          value={prefs.language}
          onChange={(e) => setLanguage(e.target.value as LanguagePreference)}
        >
          <option value="system">{t('settings.languageSystem')}</option>
          {/* Language names are written in their own language so anyone can find theirs. */}
          <option value="en">English</option>
          <option value="zh-CN">简体中文</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={themeId} className="field__label">
          {t('settings.theme')}
        </label>
        <select
          id={themeId}
          className="field__control"
          value={prefs.theme}
          onChange={(e) => setTheme(e.target.value as ThemePreference)}
        >
          <option value="system">{t('settings.themeSystem')}</option>
          <option value="light">{t('settings.themeLight')}</option>
          <option value="dark">{t('settings.themeDark')}</option>
        </select>
      </div>
      <AboutSection />
    </Dialog>
  );
}
