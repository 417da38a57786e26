import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerEntry, ServerProfileEntry } from '../../../main/core/service/server-listing';
import { Button } from '../components/Button';
import { useApp } from '../store/context';
import { InlineForm } from './InlineForm';
import { isOnItsOwn, ownServerKey } from './own-server';

const OWN = 'own';
const AUTOMATIC = 'automatic';

export interface MoveProfileFormProps {
  profile: ServerProfileEntry;
  /** The server the profile is in now. */
  server: ServerEntry;
  servers: readonly ServerEntry[];
  onDone(): void;
}

/**
 * "Move to server…": a labelled select and an explicit Move button (a select that acted on every change
 * would move the profile while a keyboard user is still arrowing through the choices).
 */
export function MoveProfileForm({ profile, server, servers, onDone }: MoveProfileFormProps) {
  const { t } = useTranslation();
  const move = useApp((s) => s.moveProfile);
  const busy = useApp((s) => s.serverBusy === profile.id);
  const selectId = useId();
  const choices = [
    ...servers.filter((s) => s.key !== server.key).map((s) => ({ value: `server:${s.key}`, label: s.name })),
    ...(isOnItsOwn(profile.id, server) ? [] : [{ value: OWN, label: t('servers.ownServer') }]),
    ...(profile.assigned ? [{ value: AUTOMATIC, label: t('servers.automatic') }] : []),
  ];
  const [choice, setChoice] = useState(choices[0]?.value ?? '');

  const submit = async () => {
    const target =
      choice === OWN ? ownServerKey(profile.id, servers) : choice === AUTOMATIC ? null : choice.slice('server:'.length);
    if (await move(profile.id, target)) onDone();
  };
  return (
    <InlineForm className="server-move" onSubmit={submit} onCancel={onDone}>
      <label htmlFor={selectId} className="server-move__label">
        {t('servers.moveTo', { name: profile.name })}
      </label>
      <select
        id={selectId}
        className="field__control field__control--select server-move__select"
        value={choice}
        autoFocus
        disabled={busy}
        data-testid="server-move-select"
        onChange={(event) => setChoice(event.currentTarget.value)}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <div className="server-move__buttons">
        <Button size="sm" variant="primary" type="submit" disabled={busy || choices.length === 0}>
          {t('servers.moveSubmit')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t('servers.cancel')}
        </Button>
      </div>
    </InlineForm>
  );
}
