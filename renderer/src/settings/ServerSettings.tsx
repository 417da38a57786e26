import { useTranslation } from 'react-i18next';
import { Toggle } from '../components/Toggle';
import { SERVERS_DEFAULTS } from './engine-defaults';
import { SettingsSection } from './SettingsSection';
import { useSetting } from './use-setting';

/** How Holdfast learns about servers by itself: off by default, because probing every server is a fingerprint. */
export function ServerSettings() {
  const { t } = useTranslation();
  const autoMeasure = useSetting('servers.autoMeasure', SERVERS_DEFAULTS.autoMeasure);
  return (
    <SettingsSection title={t('serverSettings.title')} keys={['servers.']} testId="server-settings">
      <Toggle
        label={t('serverSettings.autoMeasure')}
        hint={t('serverSettings.autoMeasureHint')}
        checked={autoMeasure.value}
        busy={autoMeasure.saving}
        onChange={(v) => void autoMeasure.set(v)}
        testId="setting-auto-measure"
      />
    </SettingsSection>
  );
}
