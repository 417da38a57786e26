import type { ErrorPayload } from '../../errors';
import type { EngineContext } from './engine-context';
import type { NeedsUser } from './failover-session';
import type { IncidentDesk } from './incident-desk';
import type { AttemptOutcome } from './incidents';
import type { FailoverMemory } from './memory';
import { failoverMessage, type FailoverMessage } from './messages';
import { reasonText, type RaceLoss } from './race';
import { sameCandidate, type Candidate } from './types';
import { classifyFailure, knownCause } from './verdicts';

/**
 * What the attempts of an incident teach, written down: every attempt goes to the incident's timeline, failures
 * that say something about a server go to memory, and an attempt only the user can fix ends failover. The
 * candidate that died is blamed only once a round shows the network works (the session's pendingFrom).
 */
export class AttemptLedger {
  constructor(
    private readonly ctx: EngineContext,
    private readonly desk: IncidentDesk,
    private readonly memory: FailoverMemory,
  ) {}

  /** One attempt on the timeline; a cause worth telling becomes the session's known cause. */
  attempt(
    c: Candidate,
    outcome: AttemptOutcome,
    reason: string,
    ms: number,
    round: number,
    cause: ErrorPayload | null = null,
  ): void {
    if (cause) this.ctx.session.cause = cause;
    const code = cause ? { code: cause.code } : {};
    this.desk.attempt({ candidate: this.ctx.catalog().view(c), outcome, reason, ...code, ms: Math.round(ms), round });
  }

  /** The losers of a race on the timeline; remembered as failures unless `remember` is off (the network was down). */
  losses(losses: RaceLoss<Candidate>[], round: number, remember: boolean): void {
    const now = this.ctx.now();
    for (const l of losses) {
      const failure = classifyFailure(l.reason);
      const outcome = l.outcome === 'failed' ? 'failed' : l.outcome;
      this.attempt(l.candidate, outcome, reasonText(l.reason), l.ms, round, knownCause(l.reason));
      if (!remember || l.outcome === 'cancelled' || failure.cls === 'cancelled' || failure.cls === 'needs-user')
        continue;
      this.memory.recordFailure(this.ctx.networkKey(), l.candidate, now, failure.cls);
    }
  }

  /** The round showed the network works: the candidate that died is blamed, unless this round already judged it. */
  commitPendingFrom(judged: readonly Candidate[], now: number): void {
    const session = this.ctx.session;
    const from = session.pendingFrom;
    session.pendingFrom = null;
    if (from && !judged.some((c) => sameCandidate(c, from)))
      this.memory.recordFailure(this.ctx.networkKey(), from, now);
  }

  /** Failover stops until the user acts; the incident ends saying why. */
  stopForUser(c: Candidate | null, error: ErrorPayload, reason?: FailoverMessage): NeedsUser {
    const server = c ? this.ctx.catalog().view(c).serverName : 'Holdfast';
    const stop = {
      reason:
        reason ?? failoverMessage('failover.needs-user', { server, detail: error.message, errorCode: error.code }),
      error,
    };
    this.ctx.session.needsUser = stop;
    this.ctx.session.pendingFrom = null;
    this.desk.needsUser(stop.reason);
    return stop;
  }
}
