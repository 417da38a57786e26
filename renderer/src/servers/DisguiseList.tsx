import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisguiseSummary } from '../../../main/core/disguise/disguise-listing';
import type { ServerEntry } from '../../../main/core/service/server-listing';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';
import { AttachDisguiseForm } from './AttachDisguiseForm';
import { DisguiseRow, disguiseName } from './DisguiseRow';

const EMPTY: readonly DisguiseSummary[] = [];

/** The disguises attached to one server, each with Detach and Remove. Nothing when it has none. */
export function ServerDisguises({ server }: { server: ServerEntry }) {
  const { t } = useTranslation();
  const disguises = useApp((s) => s.disguiseList?.byServer[server.key] ?? EMPTY);
  if (disguises.length === 0) return null;
  return (
    <ul className="server__profiles server__disguises" aria-label={t('disguises.onServer', { name: server.name })}>
      {disguises.map((disguise) => (
        <li key={disguise.id}>
          <DisguiseRow
            disguise={disguise}
            note={disguise.attachment === 'server' ? t('disguises.attachedByYou') : null}
          >
            <DetachButton disguise={disguise} />
            <RemoveButton disguise={disguise} />
          </DisguiseRow>
        </li>
      ))}
    </ul>
  );
}

/** Disguises no server has: why, and Attach to server / Remove. Nothing when every disguise has a server. */
export function UnattachedDisguises({ servers }: { servers: readonly ServerEntry[] }) {
  const { t } = useTranslation();
  const disguises = useApp((s) => s.disguiseList?.unattached ?? EMPTY);
  if (disguises.length === 0) return null;
  const note = (d: DisguiseSummary) =>
    d.serverMissing ? t('disguises.serverGone') : d.attachment === 'detached' ? t('disguises.detachedByYou') : null;
  return (
    <section className="server disguises-unattached" aria-labelledby="disguises-unattached" data-testid="unattached">
      <h3 id="disguises-unattached" className="server__name">
        {t('disguises.unattachedTitle')}
      </h3>
      <p className="server__meta">{servers.length > 0 ? t('disguises.unattachedIntro') : t('disguises.noServers')}</p>
      <ul className="server__profiles" aria-label={t('disguises.unattachedTitle')}>
        {disguises.map((disguise) => (
          <li key={disguise.id}>
            <DisguiseRow disguise={disguise} note={note(disguise)}>
              {servers.length > 0 ? <AttachControl disguise={disguise} servers={servers} /> : null}
              <RemoveButton disguise={disguise} />
            </DisguiseRow>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The last failed disguise change, above the list until dismissed. */
export function DisguisesError() {
  const error = useApp((s) => s.disguisesError);
  const dismiss = useApp((s) => s.dismissDisguisesError);
  return error ? <ErrorNotice error={error} onDismiss={dismiss} /> : null;
}

function AttachControl({ disguise, servers }: { disguise: DisguiseSummary; servers: readonly ServerEntry[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Closing the form (cancelled, or it failed) puts the keyboard back on the button that opened it.
  useEffect(() => {
    if (wasOpen.current && !open) button.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (open) return <AttachDisguiseForm disguise={disguise} servers={servers} onDone={() => setOpen(false)} />;
  return (
    <button
      ref={button}
      type="button"
      className="btn btn--ghost btn--sm server-profile__move"
      aria-label={t('disguises.attachLabel', { name: disguiseName(t, disguise) })}
      onClick={() => setOpen(true)}
    >
      {t('disguises.attach')}
    </button>
  );
}

function DetachButton({ disguise }: { disguise: DisguiseSummary }) {
  const { t } = useTranslation();
  const detach = useApp((s) => s.detachDisguise);
  const busy = useApp((s) => s.disguiseBusy === disguise.id);
  return (
    <button
      type="button"
      className="btn btn--ghost btn--sm server-profile__move"
      disabled={busy}
      aria-label={t('disguises.detachLabel', { name: disguiseName(t, disguise) })}
      onClick={() => void detach(disguise.id)}
    >
      {t('disguises.detach')}
    </button>
  );
}

function RemoveButton({ disguise }: { disguise: DisguiseSummary }) {
  const { t } = useTranslation();
  const remove = useApp((s) => s.removeDisguise);
  const busy = useApp((s) => s.disguiseBusy === disguise.id);
  return (
    <button
      type="button"
      className="btn btn--ghost btn--sm"
      disabled={busy}
      aria-label={t('disguises.removeLabel', { name: disguiseName(t, disguise) })}
      onClick={() => void remove(disguise.id)}
    >
      {t('disguises.remove')}
    </button>
  );
}
