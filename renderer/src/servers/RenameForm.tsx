import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServerEntry } from '../../../main/core/service/server-listing';
import { Button } from '../components/Button';
import { useApp } from '../store/context';
import { InlineForm } from './InlineForm';

export interface RenameFormProps {
  server: ServerEntry;
  /** Called once the name is saved or the user gave up; the form closes. */
  onDone(): void;
}

/** Inline rename: Enter saves, Escape cancels, an empty name means the automatic one. */
export function RenameForm({ server, onDone }: RenameFormProps) {
  const { t } = useTranslation();
  const rename = useApp((s) => s.renameServer);
  const busy = useApp((s) => s.serverBusy === server.key);
  const [value, setValue] = useState(server.name);
  const hintId = useId();

  const save = async () => {
    const trimmed = value.trim();
    // Unchanged, or emptied while already automatic: nothing to save.
    if (trimmed === server.name || (trimmed === '' && !server.customName)) return onDone();
    if (await rename(server.key, trimmed === '' ? null : trimmed)) onDone();
  };
  return (
    <InlineForm className="server-rename" onSubmit={save} onCancel={onDone}>
      <input
        className="field__control server-rename__input"
        aria-label={t('servers.nameLabel', { name: server.name })}
        aria-describedby={hintId}
        value={value}
        placeholder={server.automaticName}
        maxLength={100}
        autoFocus
        onFocus={(event) => event.currentTarget.select()}
        onChange={(event) => setValue(event.currentTarget.value)}
        disabled={busy}
        data-testid="server-rename-input"
      />
      <p id={hintId} className="server-rename__hint">
        {t('servers.nameHint', { automatic: server.automaticName })}
      </p>
      <div className="server-rename__buttons">
        <Button size="sm" variant="primary" type="submit" disabled={busy}>
          {t('servers.save')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t('servers.cancel')}
        </Button>
      </div>
    </InlineForm>
  );
}
