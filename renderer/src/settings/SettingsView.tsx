import { useTranslation } from 'react-i18next';
import { Card } from '../components/Card';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';
import { AboutSection } from './AboutSection';
import { DisguiseSettings } from './DisguiseSettings';
import { DisplaySettings } from './DisplaySettings';
import { FailoverSettings } from './FailoverSettings';
import { KillSwitchSettings } from './KillSwitchSettings';
import { SavedSignIns } from './SavedSignIns';
import { SecuritySettings } from './SecuritySettings';
import { ServerSettings } from './ServerSettings';

/** Every setting on one scrolling page, most consequential first. */
export function SettingsView() {
  const { t } = useTranslation();
  const loadError = useApp((s) => (s.settingsError?.key === null ? s.settingsError.error : null));
  return (
    <div className="view view--settings">
      <h2 className="visually-hidden">{t('settings.title')}</h2>
      {loadError ? <ErrorNotice error={loadError} /> : null}
      <FailoverSettings />
      <KillSwitchSettings />
      <DisguiseSettings />
      <SecuritySettings />
      <ServerSettings />
      <SavedSignIns />
      <DisplaySettings />
      <Card title={t('settings.about')} className="settings-section">
        <AboutSection />
      </Card>
    </div>
  );
}
