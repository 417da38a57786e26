import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerEntry } from '../../../main/core/service/server-listing';
import { Badge } from '../components/Badge';
import { cx } from '../components/cx';
import { CountryFlag } from './CountryFlag';
import { ServerDisguises } from './DisguiseList';
import { PreferToggle } from './PreferToggle';
import { RenameForm } from './RenameForm';
import { ServerProfileRow } from './ServerProfileRow';
import { ServerStateLine } from './ServerStateLine';
import { TransportBadges } from './TransportBadges';

export interface ServerItemProps {
  server: ServerEntry;
  servers: readonly ServerEntry[];
}

/** One server: flag, name (renamable), the preferred star, its transports, its state here, its profiles. */
export function ServerItem({ server, servers }: ServerItemProps) {
  const { t } = useTranslation();
  const nameId = useId();
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);

  return (
    <article
      className={cx('server', server.preferred && 'server--preferred')}
      aria-labelledby={nameId}
      data-testid="server-item"
      data-server-key={server.key}
    >
      <div className={cx('server__head', renaming && 'server__head--renaming')}>
        <CountryFlag code={server.country} />
        <h3 id={nameId} className={cx('server__name', renaming && 'visually-hidden')}>
          {server.name}
        </h3>
        {renaming ? (
          <RenameForm server={server} onDone={() => setRenaming(false)} />
        ) : (
          <div className="server__actions">
            <PreferToggle server={server} />
            <button
              ref={renameButton}
              type="button"
              className="btn btn--ghost btn--sm"
              aria-label={t('servers.renameLabel', { name: server.name })}
              onClick={() => setRenaming(true)}
            >
              {t('servers.rename')}
            </button>
          </div>
        )}
      </div>
      {server.preferred || server.customName ? (
        <p className="server__meta">
          {server.preferred ? <Badge tone="good">{t('servers.preferred')}</Badge> : null}
          {server.customName ? <span>{t('servers.automaticName', { name: server.automaticName })}</span> : null}
        </p>
      ) : null}
      <TransportBadges transports={server.transports} />
      <ServerStateLine state={server.state} />
      <ServerDisguises server={server} />
      <ul className="server__profiles" aria-label={t('servers.profiles', { name: server.name })}>
        {server.profiles.map((profile) => (
          <li key={profile.id}>
            <ServerProfileRow profile={profile} server={server} servers={servers} />
          </li>
        ))}
      </ul>
    </article>
  );
}
