import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerEntry, ServerProfileEntry } from '../../../main/core/service/server-listing';
import { Badge } from '../components/Badge';
import { MoveProfileForm } from './MoveProfileForm';

export interface ServerProfileRowProps {
  profile: ServerProfileEntry;
  server: ServerEntry;
  servers: readonly ServerEntry[];
}

/** One profile inside a server, with "Move…" to regroup it. */
export function ServerProfileRow({ profile, server, servers }: ServerProfileRowProps) {
  const { t } = useTranslation();
  const [moving, setMoving] = useState(false);
  const moveButton = useRef<HTMLButtonElement>(null);
  const wasMoving = useRef(false);
  // Closing the form (cancelled, or it failed) puts the keyboard back on the button that opened it.
  useEffect(() => {
    if (wasMoving.current && !moving) moveButton.current?.focus();
    wasMoving.current = moving;
  }, [moving]);

  return (
    <div className="server-profile" data-testid="server-profile" data-profile-id={profile.id}>
      <span className="server-profile__name">{profile.name}</span>
      {profile.assigned ? <Badge>{t('servers.movedByYou')}</Badge> : null}
      {moving ? (
        <MoveProfileForm profile={profile} server={server} servers={servers} onDone={() => setMoving(false)} />
      ) : (
        <button
          ref={moveButton}
          type="button"
          className="btn btn--ghost btn--sm server-profile__move"
          aria-label={t('servers.moveLabel', { name: profile.name })}
          onClick={() => setMoving(true)}
        >
          {t('servers.move')}
        </button>
      )}
    </div>
  );
}
