import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisguiseSummary } from '../../../main/core/disguise/disguise-listing';
import type { ServerEntry } from '../../../main/core/service/server-listing';
import { Button } from '../components/Button';
import { useApp } from '../store/context';
import { disguiseName } from './DisguiseRow';
import { InlineForm } from './InlineForm';

export interface AttachDisguiseFormProps {
  disguise: DisguiseSummary;
  servers: readonly ServerEntry[];
  onDone(): void;
}

/** "Attach to server…": a labelled select and an explicit Attach button, like moving a profile. */
export function AttachDisguiseForm({ disguise, servers, onDone }: AttachDisguiseFormProps) {
  const { t } = useTranslation();
  const attach = useApp((s) => s.attachDisguise);
  const busy = useApp((s) => s.disguiseBusy === disguise.id);
  const selectId = useId();
  const [choice, setChoice] = useState(servers[0]?.key ?? '');
  const name = disguiseName(t, disguise);

  const submit = async () => {
    if (choice && (await attach(disguise.id, choice))) onDone();
  };
  return (
    <InlineForm className="server-move" onSubmit={submit} onCancel={onDone}>
      <label htmlFor={selectId} className="server-move__label">
        {t('disguises.attachTo', { name })}
      </label>
      <select
        id={selectId}
        className="field__control field__control--select server-move__select"
        value={choice}
        autoFocus
        disabled={busy}
        data-testid="disguise-attach-select"
        onChange={(event) => setChoice(event.currentTarget.value)}
      >
        {servers.map((s) => (
          <option key={s.key} value={s.key}>
            {s.name}
          </option>
        ))}
      </select>
      <div className="server-move__buttons">
        <Button size="sm" variant="primary" type="submit" disabled={busy || !choice}>
          {t('disguises.attachSubmit')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t('disguises.cancel')}
        </Button>
      </div>
    </InlineForm>
  );
}
