import { useTranslation } from 'react-i18next';
import { Toggle } from '../components/Toggle';
import { KILL_SWITCH_DEFAULTS } from './engine-defaults';
import { SettingsSection } from './SettingsSection';
import { useSetting } from './use-setting';

export function KillSwitchSettings() {
  const { t } = useTranslation();
  const enabled = useSetting('killSwitch.enabled', KILL_SWITCH_DEFAULTS.enabled);
  const allowLan = useSetting('killSwitch.allowLan', KILL_SWITCH_DEFAULTS.allowLan);
  const allowPrivate = useSetting(
    'killSwitch.allowPrivateServerAddresses',
    KILL_SWITCH_DEFAULTS.allowPrivateServerAddresses,
  );
  return (
    <SettingsSection title={t('killSwitch.title')} keys={['killSwitch.']} testId="kill-switch-settings">
      <Toggle
        label={t('killSwitch.enabled')}
        hint={t('killSwitch.enabledHint')}
        checked={enabled.value}
        busy={enabled.saving}
        onChange={(v) => void enabled.set(v)}
        testId="setting-kill-switch"
      />
      <Toggle
        label={t('killSwitch.allowLan')}
        hint={t('killSwitch.allowLanHint')}
        checked={allowLan.value}
        disabled={!enabled.value}
        busy={allowLan.saving}
        onChange={(v) => void allowLan.set(v)}
        testId="setting-allow-lan"
      />
      <Toggle
        label={t('killSwitch.allowPrivate')}
        hint={t('killSwitch.allowPrivateHint')}
        checked={allowPrivate.value}
        busy={allowPrivate.saving}
        onChange={(v) => void allowPrivate.set(v)}
        testId="setting-allow-private-servers"
      />
    </SettingsSection>
  );
}
