import type { CityInfo } from '../../../../preload/places/places';
import type { LatencyMethod } from './memory-records';
import type { Clock } from '../../clock';
import type { ErrorPayload } from '../../errors';
import type { IncidentRecord } from './incidents';
import type { MemoryPolicy } from './memory-policy';
import type { MemoryStore } from './memory-file';
import type { DetectionKind, FailoverMessage } from './messages';
import type { FailoverNotification } from './notifications';
import type { FailoverSettings } from './settings';
import type { BackoffOptions, LandingKind } from './stability';
import type { Candidate, Transport } from './types';
import type { DisguiseSettings } from '../../disguise/settings';

export interface FailoverEngineDeps {
  clock: Clock;
  /** The `failover` settings section, read fresh at every decision. */
  settings: () => FailoverSettings;
  /** Where per-network memory persists; without one, memory lasts as long as the process. */
  store?: MemoryStore;
  /** For backoff jitter; Math.random by default. */
  random?: () => number;
  newId?: () => string;
  /** The `disguise` settings section (docs/disguise.md); without it, Automatic with no disguise kinds in use. */
  disguiseSettings?: () => DisguiseSettings;
  /** Vetoes a candidate (minimum encryption, missing credentials): true, or a plain reason why not. */
  allowed?: (candidate: Candidate) => true | string;
  /** Measured latency per candidate when known (ms). */
  latencyMs?: (candidate: Candidate) => number | undefined;
  onNotification?: (notification: FailoverNotification) => void;
  /** Every change of an incident (opened, attempts added, resolved), for the activity timeline. */
  onIncident?: (incident: IncidentRecord) => void;
  /** Memory that could not be read or saved: for the log; failover carries on. */
  onProblem?: (message: string) => void;
  memoryPolicy?: Partial<MemoryPolicy>;
  backoff?: BackoffOptions;
  /** Changes are batched and written this long after the first one (default 2 s). */
  saveDelayMs?: number;
}

/** What the controller should do next during an incident. */
export type FailoverStep =
  | {
      kind: 'race';
      round: number;
      /** Already in race order; at most raceWidth of them. */
      candidates: Candidate[];
      staggerMs: number;
      attemptTimeoutMs: number;
      reason: FailoverMessage;
    }
  | { kind: 'wait'; ms: number; waitingFor: 'cooldown' | 'network'; reason: FailoverMessage }
  | { kind: 'needs-user'; reason: FailoverMessage; error: ErrorPayload };

export type RoundResult<T> =
  | { verdict: 'won'; candidate: Candidate; value: T; ms: number }
  | { verdict: 'failed' }
  | { verdict: 'network-down'; waitMs: number; reason: FailoverMessage }
  | { verdict: 'needs-user'; reason: FailoverMessage; error: ErrorPayload }
  | { verdict: 'cancelled' };

export interface LostInput {
  detectedBy: DetectionKind;
  /** Plain text from the health monitor or the driver. */
  detail: string;
  detectedAfterMs?: number;
  /** The error that ended the tunnel, when there was one: an authentication failure stops failover. */
  error?: unknown;
  /** The candidate that stopped working; defaults to the one last reported through landed(). */
  from?: Candidate | null;
}

/** What bringing a tunnel up showed about the server's distance, on this network. */
export interface TunnelTimings {
  /** From starting the tunnel to the completed handshake (includes the process start: an upper bound). */
  handshakeMs?: number;
  /** The first probe answered through the tunnel: a round trip through the server. */
  firstAnswerMs?: number;
}

export interface LandedOptions {
  /** How long the winning attempt took: remembered as a latency hint. */
  ms?: number;
  /** Round trips the tunnel itself showed: start to handshake, and the first probe answered through it. */
  timings?: TunnelTimings;
  /** Default: 'failover' during an incident, otherwise 'initial'. */
  kind?: LandingKind;
}

export type ReturnStep =
  { kind: 'probe'; candidate: Candidate } | { kind: 'switch'; candidate: Candidate; reason: FailoverMessage };

export interface TransportState {
  transport: Transport;
  label: string;
  coolingUntil: number | null;
  why: 'failed' | 'blocked' | 'refused' | null;
  lastSuccessAt: number | null;
}

export interface ServerState {
  key: string;
  name: string;
  country: string | null;
  city: CityInfo | null;
  /** The freshest round trip on this network; null: not measured. */
  latency: { ms: number; method: LatencyMethod; at: number } | null;
  hosts: string[];
  profileIds: string[];
  blockedUntil: number | null;
  transports: TransportState[];
}
