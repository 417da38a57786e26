import { useTranslation } from 'react-i18next';
import type { ServerEntry } from '../../../main/core/service/server-listing';
import { cx } from '../components/cx';
import { formatWhen } from './when';

/** What Holdfast learned about this server on the current network; nothing when it has learned nothing. */
export function ServerStateLine({ state }: { state: ServerEntry['state'] }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => formatWhen(iso, i18n.language);
  const parts: { tone: 'bad' | 'warn' | 'good'; text: string }[] = [];
  if (state.blockedUntil)
    parts.push({ tone: 'bad', text: t('servers.state.blocked', { time: when(state.blockedUntil) }) });
  if (state.coolingUntil)
    parts.push({ tone: 'warn', text: t('servers.state.cooling', { time: when(state.coolingUntil) }) });
  if (state.lastWorkedAt)
    parts.push({ tone: 'good', text: t('servers.state.worked', { time: when(state.lastWorkedAt) }) });
  if (parts.length === 0) return null;
  return (
    <p className="server__state" data-testid="server-state">
      {parts.map((part) => (
        <span key={part.tone} className={cx('server__state-part', `server__state-part--${part.tone}`)}>
          {part.text}
        </span>
      ))}
    </p>
  );
}
