import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { useApp } from '../store/context';
import { isActive } from './fold';
import { useConnectionTarget } from './use-connection-target';

/** The one big control: connect when idle, cancel while connecting, disconnect when up. */
/** `compact` is the small version for the bar above the server list. */
export function ConnectButton({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const state = useApp((s) => s.connection.state);
  const pending = useApp((s) => s.pending);
  const connect = useApp((s) => s.connect);
  const disconnect = useApp((s) => s.disconnect);
  const target = useConnectionTarget();

  if (isActive(state)) {
    const busy = pending === 'disconnect';
    return (
      <Button
        variant="danger"
        size={compact ? 'md' : 'lg'}
        className={compact ? 'connect-button connect-button--compact' : 'connect-button'}
        data-testid="connect-button"
        disabled={busy}
        onClick={() => void disconnect()}
      >
        {busy ? t('connection.working') : state === 'connecting' ? t('connection.cancel') : t('connection.disconnect')}
      </Button>
    );
  }
  const busy = pending !== null;
  return (
    <Button
      variant="primary"
      size={compact ? 'md' : 'lg'}
      className={compact ? 'connect-button connect-button--compact' : 'connect-button'}
      data-testid="connect-button"
      disabled={busy || !target}
      onClick={() => target && void connect(target.id)}
    >
      {busy ? t('connection.working') : t('connection.connect')}
    </Button>
  );
}
