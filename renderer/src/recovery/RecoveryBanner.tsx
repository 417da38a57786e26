import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { ErrorNotice } from '../components/ErrorNotice';
import { MessageText } from '../components/MessageText';
import { isActive } from '../connection/fold';
import { useConnectionTarget } from '../connection/use-connection-target';
import { useApp } from '../store/context';

/**
 * A kill switch left by a session that ended unexpectedly still blocks the network. The user either
 * reconnects (the new session takes the block over) or unblocks (recovery.clear).
 */
export function RecoveryBanner() {
  const { t } = useTranslation();
  const recovery = useApp((s) => s.recovery);
  const busy = useApp((s) => s.recoveryBusy);
  const error = useApp((s) => s.recoveryError);
  const clear = useApp((s) => s.clearRecovery);
  const connect = useApp((s) => s.connect);
  const pending = useApp((s) => s.pending);
  const active = useApp((s) => isActive(s.connection.state));
  const target = useConnectionTarget();

  // While a connection runs, the rules in place are its own (a leftover is taken over on connect), whatever
  // an engine that cannot tell its own rules from a dead session's says.
  if (active) return null;
  if (!recovery?.blocked && !error) return null;
  if (!recovery?.blocked) return <ErrorNotice error={error!} />;
  return (
    <Banner
      tone="bad"
      title={t('recovery.title')}
      testId="recovery-banner"
      actions={
        <>
          {target ? (
            <Button variant="primary" size="sm" disabled={pending !== null} onClick={() => void connect(target.id)}>
              {t('recovery.reconnect')}
            </Button>
          ) : null}
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => void clear()}>
            {busy ? t('connection.working') : t('recovery.unblock')}
          </Button>
        </>
      }
    >
      <p>{t('recovery.body')}</p>
      {recovery.detail ? (
        <details className="banner__details">
          <summary>{t('error.details')}</summary>
          <p>
            <MessageText text={recovery.detail} />
          </p>
        </details>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Banner>
  );
}
