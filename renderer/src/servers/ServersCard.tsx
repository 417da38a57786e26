import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { Card } from '../components/Card';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';
import { DisguisesError, UnattachedDisguises } from './DisguiseList';
import { ServerItem } from './ServerItem';

/** A provider archive can hold hundreds of servers: the first ones at once, the rest on request. */
export const SHOW_FIRST = 40;

/** The servers the profiles make: grouped by host (or by the user), renamable, one of them preferred. */
export function ServersCard() {
  const { t } = useTranslation();
  const listing = useApp((s) => s.serverList);
  const error = useApp((s) => s.serversError);
  const dismiss = useApp((s) => s.dismissServersError);
  const unattached = useApp((s) => s.disguiseList?.unattached.length ?? 0);
  const [showAll, setShowAll] = useState(false);
  if (!listing || (listing.servers.length === 0 && !listing.preferredMissing && !error && unattached === 0)) {
    return null;
  }
  const { servers } = listing;
  const shown = showAll ? servers : servers.slice(0, SHOW_FIRST);
  const count = servers.length;
  return (
    <Card
      title={
        <>
          {t('servers.title')}
          <span className="card__count" title={t('servers.count', { count })}>
            <span aria-hidden="true">{count}</span>
            <span className="visually-hidden">{t('servers.count', { count })}</span>
          </span>
        </>
      }
      className="servers-card"
    >
      <p className="servers-card__intro">{t('servers.intro')}</p>
      {listing.preferredMissing ? (
        <p className="notice notice--retrying" role="status" data-testid="preferred-missing">
          {t('servers.preferredMissing')}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} onDismiss={dismiss} /> : null}
      <DisguisesError />
      <ul className="server-list" data-testid="server-list">
        {shown.map((server) => (
          <li key={server.key}>
            <ServerItem server={server} servers={servers} />
          </li>
        ))}
      </ul>
      {shown.length < count ? (
        <Button size="sm" onClick={() => setShowAll(true)}>
          {t('servers.showAll', { count })}
        </Button>
      ) : null}
      <UnattachedDisguises servers={servers} />
    </Card>
  );
}
