import { useTranslation } from 'react-i18next';
import { Toggle } from '../components/Toggle';
import { SelectField } from './SelectField';
import { SettingsSection } from './SettingsSection';
import { useSetting } from './use-setting';

/** The minimum encryption: a server that negotiates less is refused and failover moves on. */
export function SecuritySettings() {
  const { t } = useTranslation();
  const minimum = useSetting<0 | 128 | 256>('security.minimumKeyBits', 0);
  const refuseLegacy = useSetting('security.refuseLegacyCiphers', false);
  return (
    <SettingsSection title={t('securitySettings.title')} keys={['security.']} testId="security-settings">
      <SelectField
        label={t('securitySettings.minimumKeyBits')}
        hint={t('securitySettings.minimumKeyBitsHint')}
        value={minimum.value}
        options={[
          { value: 0 as const, label: t('securitySettings.anyKey') },
          { value: 128 as const, label: t('securitySettings.keyBits', { bits: 128 }) },
          { value: 256 as const, label: t('securitySettings.keyBits', { bits: 256 }) },
        ]}
        onChange={(v) => void minimum.set(v)}
        testId="setting-minimum-key-bits"
      />
      <Toggle
        label={t('securitySettings.refuseLegacy')}
        hint={t('securitySettings.refuseLegacyHint')}
        checked={refuseLegacy.value}
        busy={refuseLegacy.saving}
        onChange={(v) => void refuseLegacy.set(v)}
        testId="setting-refuse-legacy"
      />
    </SettingsSection>
  );
}
