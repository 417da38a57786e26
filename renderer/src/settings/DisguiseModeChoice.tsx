import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisguiseMode } from '../../../main/core/disguise/settings';
import { DISGUISE_MODES } from './engine-defaults';
import type { SettingHandle } from './use-setting';

/** Automatic / Always / Never as radio buttons, each with the one sentence that says what it does. */
export function DisguiseModeChoice({ setting }: { setting: SettingHandle<DisguiseMode> }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="settings-field" aria-busy={setting.saving || undefined}>
      <legend className="field__label">{t('disguiseSettings.mode')}</legend>
      <div className="choices" data-testid="disguise-mode">
        {DISGUISE_MODES.map((mode) => {
          const labelId = `${name}-${mode}`;
          const hintId = `${labelId}-hint`;
          return (
            <label key={mode} className="choice" data-value={mode}>
              <input
                type="radio"
                name={name}
                value={mode}
                checked={setting.value === mode}
                aria-labelledby={labelId}
                aria-describedby={hintId}
                onChange={() => void setting.set(mode)}
              />
              <span className="choice__text">
                <span className="choice__label" id={labelId}>
                  {t(`disguiseSettings.modes.${mode}`)}
                </span>
                <span className="choice__hint" id={hintId}>
                  {t(`disguiseSettings.modeHint.${mode}`)}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
