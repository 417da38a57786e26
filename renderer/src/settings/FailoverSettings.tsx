import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { Toggle } from '../components/Toggle';
import { useDuration } from '../connection/use-duration';
import { useApp } from '../store/context';
import { FAILOVER_DEFAULTS, RACE_WIDTHS, RETURN_AFTER_CHOICES_MS } from './engine-defaults';
import { ProtocolOrder } from './ProtocolOrder';
import { SelectField } from './SelectField';
import { SensitivityChoice } from './SensitivityChoice';
import { SettingsSection } from './SettingsSection';
import { useSetting } from './use-setting';

/** On/off, how fast to give up, which servers and protocols in which order, and the network's memory. */
export function FailoverSettings() {
  const { t } = useTranslation();
  const duration = useDuration();
  const enabled = useSetting('failover.enabled', FAILOVER_DEFAULTS.enabled);
  const raceWidth = useSetting('failover.raceWidth', FAILOVER_DEFAULTS.raceWidth);
  const returnToPreferred = useSetting('failover.returnToPreferred', FAILOVER_DEFAULTS.returnToPreferred);
  const returnAfterMs = useSetting('failover.returnAfterMs', FAILOVER_DEFAULTS.returnAfterMs);
  const hotStandby = useSetting('failover.hotStandby', FAILOVER_DEFAULTS.hotStandby);
  const off = !enabled.value;
  // Whole minutes and hours read better here than "5 min 00 s"; anything else the engine holds is shown exactly.
  const waitLabel = (ms: number) =>
    ms % 3_600_000 === 0
      ? t('failover.hours', { count: ms / 3_600_000 })
      : ms % 60_000 === 0
        ? t('failover.minutes', { count: ms / 60_000 })
        : duration(ms);
  const returnChoices = RETURN_AFTER_CHOICES_MS.includes(returnAfterMs.value)
    ? RETURN_AFTER_CHOICES_MS
    : [...RETURN_AFTER_CHOICES_MS, returnAfterMs.value].sort((a, b) => a - b);

  return (
    <SettingsSection title={t('failover.title')} keys={['failover.']} testId="failover-settings">
      <Toggle
        label={t('failover.enabled')}
        hint={t('failover.enabledHint')}
        checked={enabled.value}
        busy={enabled.saving}
        onChange={(v) => void enabled.set(v)}
        testId="setting-failover-enabled"
      />
      <SensitivityChoice />
      <fieldset className="settings-group" disabled={off}>
        <legend className="settings-group__title">{t('failover.candidates')}</legend>
        <p className="field__hint">{t('failover.candidateOrder')}</p>
        <ProtocolOrder />
        <SelectField
          label={t('failover.raceWidth')}
          hint={t('failover.raceWidthHint')}
          value={raceWidth.value}
          options={RACE_WIDTHS.map((n) => ({ value: n, label: t('failover.raceWidthValue', { count: n }) }))}
          onChange={(v) => void raceWidth.set(v)}
          testId="setting-race-width"
        />
        <Toggle
          label={t('failover.returnToPreferred')}
          hint={t('failover.returnToPreferredHint')}
          checked={returnToPreferred.value}
          busy={returnToPreferred.saving}
          onChange={(v) => void returnToPreferred.set(v)}
          testId="setting-return-to-preferred"
        />
        <SelectField
          label={t('failover.returnAfter')}
          value={returnAfterMs.value}
          disabled={!returnToPreferred.value}
          options={returnChoices.map((ms) => ({ value: ms, label: waitLabel(ms) }))}
          onChange={(v) => void returnAfterMs.set(v)}
          testId="setting-return-after"
        />
        <Toggle
          label={t('failover.hotStandby')}
          hint={t('failover.hotStandbyHint')}
          checked={hotStandby.value}
          busy={hotStandby.saving}
          onChange={(v) => void hotStandby.set(v)}
          testId="setting-hot-standby"
        />
      </fieldset>
      <ForgetNetwork />
    </SettingsSection>
  );
}

function ForgetNetwork() {
  const { t } = useTranslation();
  const forget = useApp((s) => s.forgetNetwork);
  const result = useApp((s) => s.networkForgotten);
  return (
    <div className="settings-field">
      <p className="field__label">{t('failover.memory')}</p>
      <p className="field__hint">{t('failover.memoryHint')}</p>
      <div className="settings-field__row">
        <Button size="sm" onClick={() => void forget()} data-testid="forget-network">
          {t('failover.forgetNetwork')}
        </Button>
        {result !== null ? (
          <span className="muted" role="status" data-testid="forget-network-result">
            {t(result ? 'failover.forgotten' : 'failover.nothingToForget')}
          </span>
        ) : null}
      </div>
    </div>
  );
}
