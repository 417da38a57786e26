import type { ErrorPayload } from '../errors';
import type { DisguisedRoute } from '../disguise/disguised-route';
import type { SecurityEvent } from '../security/strength/security-event';
import type { FailoverStep } from './failover/engine-types';
import type { TunnelCheck } from './tunnel-check';

export const CONNECTION_STATES = [
  'disconnected',
  'connecting',
  'connected',
  'reconnecting',
  'failing-over',
  'failed',
] as const;

export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** Live counters of the current tunnel, as shown by the connection card and `holdfast status`. */
export interface LiveStatus {
  interfaceName: string;
  endpoint?: string;
  tunnelAddresses: string[];
  rxBytes: number;
  txBytes: number;
  handshakeAgeMs?: number | null;
  uptimeMs: number;
  /** How the tunnel is checked: "data verified" (and by what) or "handshake only". */
  check?: TunnelCheck;
}

export interface ConnectionSnapshot {
  state: ConnectionState;
  profileId: string | null;
  profileName: string | null;
  reason: string;
  /** ISO time of the last state change. */
  since: string;
  connectedAt: string | null;
  live: LiveStatus | null;
  error: ErrorPayload | null;
  /** What the current tunnel negotiated, rated; null until known. */
  security: Omit<SecurityEvent, 'type' | 'at'> | null;
  /** Connected through a disguise: which one and why; null otherwise. */
  route?: DisguisedRoute | null;
}

export const initialSnapshot = (at: string): ConnectionSnapshot => ({
  state: 'disconnected',
  profileId: null,
  profileName: null,
  reason: 'not connected yet',
  since: at,
  connectedAt: null,
  live: null,
  error: null,
  security: null,
  route: null,
});

/** While working around a drop: the same profile again is "reconnecting", anything else "failing over". */
export function stateForStep(step: FailoverStep, wasConnected: boolean, profileId: string | null): ConnectionState {
  if (!wasConnected) return 'connecting';
  if (step.kind === 'race' && step.candidates.every((c) => c.profileId === profileId)) return 'reconnecting';
  return 'failing-over';
}
