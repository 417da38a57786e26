import { useTranslation } from 'react-i18next';
import type { ServerTransportEntry } from '../../../main/core/service/server-listing';
import { Badge } from '../components/Badge';
import { transportText } from './transport-label';
import { formatWhen } from './when';

/** Every way onto the server as a small badge; one that rests (cooling down) on this network is marked. */
export function TransportBadges({ transports }: { transports: readonly ServerTransportEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="server__transports" aria-label={t('servers.transports')}>
      {transports.map((transport) => {
        const label = transportText(t, transport);
        const resting = transport.coolingUntil
          ? t('servers.resting', { transport: label, time: formatWhen(transport.coolingUntil, i18n.language) })
          : null;
        return (
          <li key={`${transport.protocol}-${transport.proto}-${transport.port}`}>
            <Badge tone={resting ? 'warn' : 'neutral'} title={resting ?? undefined} testId="server-transport">
              <span aria-hidden={resting ? true : undefined}>{label}</span>
              {resting ? <span className="visually-hidden">{resting}</span> : null}
            </Badge>
          </li>
        );
      })}
    </ul>
  );
}
