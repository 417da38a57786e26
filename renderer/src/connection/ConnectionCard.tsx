import { useTranslation } from 'react-i18next';
import { Card } from '../components/Card';
import { cx } from '../components/cx';
import { ErrorNotice } from '../components/ErrorNotice';
import { StrengthSummary } from '../security/StrengthSummary';
import { CurrentServer } from '../servers/picker/CurrentServer';
import { PickerDialog } from '../servers/picker/PickerDialog';
import { useApp } from '../store/context';
import { ConnectButton } from './ConnectButton';
import { isActive } from './fold';
import { LiveStats } from './LiveStats';
import { RouteNote } from './RouteNote';
import { StateDetail } from './StateDetail';
import { useConnectedProfileName, useConnectionTarget } from './use-connection-target';

export function ConnectionCard() {
  const { t } = useTranslation();
  const state = useApp((s) => s.connection.state);
  const stateError = useApp((s) => s.connection.error);
  const commandError = useApp((s) => s.commandError);
  const credentialsError = useApp((s) => s.credentialsError);
  const dismiss = useApp((s) => s.dismissConnectionError);
  const connectedName = useConnectedProfileName();
  const target = useConnectionTarget();
  const error = commandError ?? (state === 'failed' ? stateError : null);
  const active = isActive(state);
  const busy = state === 'reconnecting' || state === 'failing-over';

  let subtitle: string;
  if (active && connectedName) subtitle = connectedName;
  else if (target) subtitle = t('connection.willUse', { name: target.name });
  else subtitle = t('connection.noProfile');

  return (
    <Card title={t('connection.title')} className="connection-card">
      <div className={cx('hero', `hero--${state}`)}>
        <div className="hero__status">
          <span className="hero__dot" aria-hidden="true" />
          <p className="hero__state" role="status" aria-live="polite" data-testid="connection-state" data-state={state}>
            {t(`state.${state}`)}
          </p>
        </div>
        <p className="hero__profile" data-testid="connection-profile">
          {subtitle}
        </p>
        <CurrentServer />
        <StrengthSummary />
        <RouteNote />
        <StateDetail failedError={state === 'failed' ? stateError : null} retryingError={busy ? stateError : null} />
        <ConnectButton />
      </div>
      {error ? <ErrorNotice error={error} onDismiss={commandError ? dismiss : undefined} /> : null}
      {credentialsError ? <ErrorNotice error={credentialsError} /> : null}
      {/* While failing over the words above already say what is going on. */}
      {!error && active && !busy && stateError ? (
        <ErrorNotice error={stateError} tone="retrying" lead={t('connection.retrying')} />
      ) : null}
      <LiveStats />
      <PickerDialog />
    </Card>
  );
}
