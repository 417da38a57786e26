import { useTranslation } from 'react-i18next';
import type { Sensitivity } from '../../../main/core/connection/failover/sensitivity';
import { formatSeconds } from '../format/seconds';
import { FAILOVER_DEFAULTS, SENSITIVITY_FIGURES, SENSITIVITY_ORDER } from './engine-defaults';
import { useSetting } from './use-setting';

/** Fast / balanced / patient, each with the figures it really uses, so the words hide nothing. */
export function SensitivityChoice() {
  const { t, i18n } = useTranslation();
  const setting = useSetting<Sensitivity>('failover.sensitivity', FAILOVER_DEFAULTS.sensitivity);
  const s = (ms: number) => formatSeconds(ms, i18n.language);

  return (
    <fieldset className="settings-field" aria-busy={setting.saving || undefined}>
      <legend className="field__label">{t('failover.sensitivity')}</legend>
      <div className="choices" data-testid="sensitivity">
        {SENSITIVITY_ORDER.map((id) => {
          const figures = SENSITIVITY_FIGURES[id];
          return (
            <label key={id} className="choice" data-value={id}>
              <input
                type="radio"
                name="failover-sensitivity"
                value={id}
                checked={setting.value === id}
                onChange={() => void setting.set(id)}
              />
              <span className="choice__text">
                <span className="choice__label">{t(`failover.preset.${id}`)}</span>
                <span className="choice__hint">{t(`failover.presetFor.${id}`)}</span>
                <span className="choice__figures" data-testid={`sensitivity-figures-${id}`}>
                  {t('failover.presetFigures', {
                    busy: s(figures.detectBusyMs),
                    idle: s(figures.detectIdleMs),
                    attempt: s(figures.attemptTimeoutMs),
                  })}
                </span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
