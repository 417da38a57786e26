import { useTranslation } from 'react-i18next';
import type { LanguagePreference } from '../i18n';
import { useApp } from '../store/context';
import type { ThemePreference } from '../store/prefs';
import { SelectField } from './SelectField';
import { SettingsSection } from './SettingsSection';
import { Toggle } from '../components/Toggle';
import { useSetting } from './use-setting';

/** Language and theme: kept by this window (they apply before the engine answers). */
export function DisplaySettings() {
  const { t } = useTranslation();
  const prefs = useApp((s) => s.prefs);
  const setLanguage = useApp((s) => s.setLanguage);
  const setTheme = useApp((s) => s.setTheme);
  // Only the desktop app has a tray; where none can be seen, starting in it would hide Holdfast.
  const tray = useApp((s) => s.info?.capabilities.tray);
  const startMinimized = useSetting('ui.startMinimized', false);
  return (
    <SettingsSection title={t('settings.display')} keys={[]}>
      <SelectField<LanguagePreference>
        label={t('settings.language')}
        value={prefs.language}
        options={[
          { value: 'system', label: t('settings.languageSystem') },
          // Language names are written in their own language so anyone can find theirs.
          { value: 'en', label: 'English' },
          { value: 'zh-CN', label: '简体中文' },
        ]}
        onChange={setLanguage}
      />
      <SelectField<ThemePreference>
        label={t('settings.theme')}
        value={prefs.theme}
        options={[
          { value: 'system', label: t('settings.themeSystem') },
          { value: 'light', label: t('settings.themeLight') },
          { value: 'dark', label: t('settings.themeDark') },
        ]}
        onChange={setTheme}
      />
      {tray === true ? (
        <Toggle
          label={t('shell.window.startMinimized')}
          hint={t('shell.window.startMinimizedHint')}
          checked={startMinimized.value}
          busy={startMinimized.saving}
          onChange={(v) => void startMinimized.set(v)}
          testId="setting-start-minimized"
        />
      ) : tray === false ? (
        <p className="field__hint" data-testid="start-minimized-no-tray">
          {t('shell.window.startMinimizedNoTray')}
        </p>
      ) : null}
    </SettingsSection>
  );
}
