import { useTranslation } from 'react-i18next';
import type { DisguiseMode } from '../../../main/core/disguise/settings';
import { DisguiseModeChoice } from './DisguiseModeChoice';
import { DisguiseOrder } from './DisguiseOrder';
import { DISGUISE_DEFAULTS } from './engine-defaults';
import { SettingsSection } from './SettingsSection';
import { useSetting } from './use-setting';

/** When to wrap a tunnel in a disguise, and which disguises in which order (docs/disguise.md). */
export function DisguiseSettings() {
  const { t } = useTranslation();
  const mode = useSetting<DisguiseMode>('disguise.mode', DISGUISE_DEFAULTS.mode);
  return (
    <SettingsSection
      title={t('disguiseSettings.title')}
      intro={t('disguiseSettings.intro')}
      keys={['disguise.']}
      testId="disguise-settings"
    >
      <DisguiseModeChoice setting={mode} />
      <DisguiseOrder mode={mode.value} />
    </SettingsSection>
  );
}
