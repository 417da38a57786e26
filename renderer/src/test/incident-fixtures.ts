import type { CandidateView } from '../../../main/core/connection/failover/types';
import type { IncidentRecord } from '../../../main/core/connection/failover/incidents';
import type { NotificationEvent } from '../../../main/core/events';

const candidate = (
  serverName: string,
  transportLabel: string,
  transport: CandidateView['transport'],
  profileId = serverName.toLowerCase().replace(/\s+/g, '-'),
): CandidateView => ({
  profileId,
  endpointIndex: 0,
  serverKey: serverName.toLowerCase(),
  transport,
  serverName,
  country: 'JP',
  transportLabel,
});

export const TOKYO_WG = candidate('Tokyo 1', 'WireGuard', { protocol: 'wireguard', proto: 'udp', port: 51820 });
export const TOKYO_UDP = candidate('Tokyo 1', 'UDP 1194', { protocol: 'openvpn', proto: 'udp', port: 1194 });
export const OSAKA_TCP = candidate('Osaka 2', 'TCP 443', { protocol: 'openvpn', proto: 'tcp', port: 443 });
export const PARIS_WG = candidate('Paris', 'WireGuard', { protocol: 'wireguard', proto: 'udp', port: 51820 });

/** The engine's own example: Tokyo stops answering, a round of three, Osaka over TCP 443 wins, 3.1 s in all. */
export const resolvedIncident = (patch: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id: 'inc-1',
  startedAt: '2030-01-01T10:00:00.000Z',
  detectedAt: '2030-01-01T10:00:02.000Z',
  detectedAfterMs: 2000,
  detectedBy: 'no-answer',
  detail: 'no answer through the tunnel for 2.0 s',
  from: TOKYO_WG,
  attempts: [
    { candidate: TOKYO_WG, outcome: 'lost', reason: 'no answer through the tunnel for 2.0 s', ms: 2000, round: 0 },
    { candidate: TOKYO_UDP, outcome: 'failed', reason: 'TLS handshake failed: connection reset', ms: 1000, round: 1 },
    { candidate: PARIS_WG, outcome: 'cancelled', reason: 'another candidate won', ms: 500, round: 1 },
    { candidate: OSAKA_TCP, outcome: 'won', reason: 'carried data', ms: 800, round: 1 },
    { candidate: OSAKA_TCP, outcome: 'landed', reason: 'data flows', ms: 800, round: 1 },
  ],
  rounds: [{ at: '2030-01-01T10:00:03.000Z', verdict: 'won' }],
  landedOn: OSAKA_TCP,
  totalMs: 3100,
  resolved: true,
  endedAt: '2030-01-01T10:00:03.100Z',
  ending: 'landed',
  notified: ['resolved'],
  mergedInto: null,
  ...patch,
});

export const notification = (patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  type: 'notification',
  at: '2030-01-01T10:00:03.100Z',
  title: 'Reconnected',
  body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s',
  kind: 'resolved',
  incidentId: 'inc-1',
  code: 'failover.switched',
  params: { from: 'Tokyo 1', to: 'Osaka 2', transport: 'TCP 443', seconds: 3.1, detectedBy: 'no-answer' },
  ...patch,
});
