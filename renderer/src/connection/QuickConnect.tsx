import { useTranslation } from 'react-i18next';
import { cx } from '../components/cx';
import { useApp } from '../store/context';
import { ConnectButton } from './ConnectButton';
import { isActive } from './fold';
import { useConnectedProfileName, useConnectionTarget } from './use-connection-target';

/** A one-line connection bar above the server list: the state, the server it would use, the button. */
export function QuickConnect() {
  const { t } = useTranslation();
  const state = useApp((s) => s.connection.state);
  const connectedName = useConnectedProfileName();
  const target = useConnectionTarget();
  const name = isActive(state) ? connectedName : (target?.name ?? null);
  return (
    <section className={cx('quick-connect', `quick-connect--${state}`)} aria-label={t('connection.title')}>
      <p className="quick-connect__text">
        <span className="quick-connect__state">{t(`state.${state}`)}</span>
        {name ? <span className="quick-connect__name">{name}</span> : null}
      </p>
      <ConnectButton compact />
    </section>
  );
}
