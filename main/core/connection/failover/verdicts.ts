import { toErrorPayload, type ErrorPayload } from '../../errors';
import { AttemptCancelled, AttemptTimedOut } from './race';
import type { Candidate } from './types';

/**
 * What a failure means for failover:
 *  - needs-user: only the user can fix it (credentials, missing binaries, privileges). Failover stops and asks;
 *    trying another server with the same wrong password would only lock the account.
 *  - refused: the server works but negotiated less than the user's minimum encryption: cooled for hours.
 *  - failed: the server did not carry data this time: cooled for minutes.
 *  - cancelled: another candidate won or the user stopped; says nothing about the server.
 */
export type FailureClass = 'needs-user' | 'refused' | 'failed' | 'cancelled';

const NEEDS_USER = new Set<ErrorPayload['code']>([
  'auth-failed',
  'credentials-needed',
  'binary-missing',
  'not-privileged',
  // Another session owns the machine's connection: trying other servers would only be refused again.
  'connection-held',
]);

/**
 * The server works but insists on something Holdfast will not accept (weak encryption, compression): no retry
 * in minutes changes that, so the pair cools for hours. These are also the failures with a known cause the
 * user is told about in words while Holdfast keeps trying (see `knownCause`).
 */
const REFUSALS = new Set<ErrorPayload['code']>(['encryption-too-weak', 'server-push-refused']);

/** A failure whose cause the user should read while Holdfast keeps trying, or null for ordinary failures. */
export function knownCause(reason: unknown): ErrorPayload | null {
  if (reason instanceof AttemptCancelled || reason instanceof AttemptTimedOut) return null;
  const error = toErrorPayload(reason);
  return REFUSALS.has(error.code) ? error : null;
}

export interface ClassifiedFailure {
  cls: FailureClass;
  error: ErrorPayload;
}

export function classifyFailure(reason: unknown): ClassifiedFailure {
  if (reason instanceof AttemptCancelled)
    return { cls: 'cancelled', error: { code: 'internal', message: reason.message } };
  if (reason instanceof AttemptTimedOut)
    return { cls: 'failed', error: { code: 'tunnel-failed', message: reason.message } };
  const error = toErrorPayload(reason);
  if (NEEDS_USER.has(error.code)) return { cls: 'needs-user', error };
  if (REFUSALS.has(error.code)) return { cls: 'refused', error };
  return { cls: 'failed', error };
}

export interface RoundFailures {
  /** Candidates that failed in this round (cancelled ones excluded). */
  failed: readonly Candidate[];
  /** Everything that could have been tried: the diversity a round can reach is capped by it. */
  usable: readonly Candidate[];
}

/**
 * Every attempt of a round failed: is it the servers or the local network? When the failures span at least
 * two servers and both UDP and TCP (or the one protocol there is), blaming each server would burn through the
 * list while the real fault is the network: the verdict is 'network-down' and no cool-down is recorded.
 * With a single server there is nothing to compare, so its failures count against the server.
 */
export function judgeFailedRound(round: RoundFailures): 'network-down' | 'servers-failed' {
  if (round.failed.length === 0) return 'servers-failed';
  const servers = new Set(round.failed.map((c) => c.serverKey));
  const protos = new Set(round.failed.map((c) => c.transport.proto));
  const availableServers = new Set(round.usable.map((c) => c.serverKey)).size;
  const availableProtos = new Set(round.usable.map((c) => c.transport.proto)).size;
  if (availableServers < 2) return 'servers-failed';
  const needProtos = Math.max(1, Math.min(2, availableProtos));
  return servers.size >= 2 && protos.size >= needProtos ? 'network-down' : 'servers-failed';
}
