import { useTranslation } from 'react-i18next';
import type { ServerEntry } from '../../../main/core/service/server-listing';
import { useApp } from '../store/context';

/** The star: a toggle button (pressed = this is the preferred server); pressing it again leaves none. */
export function PreferToggle({ server }: { server: ServerEntry }) {
  const { t } = useTranslation();
  const prefer = useApp((s) => s.preferServer);
  const busy = useApp((s) => s.serverBusy !== null);
  const explain = server.preferred
    ? t('servers.unprefer', { name: server.name })
    : t('servers.prefer', { name: server.name });
  return (
    <button
      type="button"
      className="btn btn--ghost btn--sm server__star"
      aria-pressed={server.preferred}
      aria-label={t('servers.preferToggle', { name: server.name })}
      title={explain}
      disabled={busy}
      data-testid="server-prefer"
      onClick={() => void prefer(server.preferred ? null : server.key)}
    >
      <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          d="M8 1.6 9.9 5.6l4.4.5-3.3 3 .9 4.3L8 11.2l-3.9 2.2.9-4.3-3.3-3 4.4-.5z"
          fill={server.preferred ? 'currentColor' : 'none'}
          stroke="currentColor"
          strokeWidth="1.4"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
