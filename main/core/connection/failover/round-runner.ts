import type { Clock } from '../../clock';
import type { AttemptLedger } from './attempt-ledger';
import type { DisguiseLadder } from './disguise-ladder';
import type { EngineContext } from './engine-context';
import { raceRank, waitMessage } from './engine-planning';
import type { FailoverStep, RoundResult } from './engine-types';
import type { IncidentDesk } from './incident-desk';
import type { AttemptOutcome } from './incidents';
import { RaceLostError, raceCandidates, reasonText, type RaceLoss } from './race';
import type { RetrySchedule } from './retry-schedule';
import { sensitivityPreset } from './sensitivity';
import type { Candidate } from './types';
import { classifyFailure, judgeFailedRound } from './verdicts';

export interface RoundRunnerParts {
  clock: Clock;
  desk: IncidentDesk;
  ladder: DisguiseLadder;
  ledger: AttemptLedger;
  retry: RetrySchedule;
}

/**
 * Runs one race step and judges it: a winner, a failure only the user can fix, a round that failed (each loser
 * remembered), or a network that is down (nothing remembered, a wait armed). A whole failed round may instead move
 * the session up the disguise ladder.
 */
export class RoundRunner {
  constructor(
    private readonly ctx: EngineContext,
    private readonly parts: RoundRunnerParts,
  ) {}

  async run<T>(
    step: Extract<FailoverStep, { kind: 'race' }>,
    tryOne: (candidate: Candidate, signal: AbortSignal) => Promise<T>,
    options: { signal?: AbortSignal; onLateSuccess?: (value: T, candidate: Candidate) => void } = {},
  ): Promise<RoundResult<T>> {
    const { desk, ladder, ledger } = this.parts;
    try {
      const win = await raceCandidates(step.candidates, tryOne, {
        width: step.candidates.length,
        staggerMs: step.staggerMs,
        attemptTimeoutMs: step.attemptTimeoutMs,
        clock: this.parts.clock,
        signal: options.signal,
        isFatal: (reason) => classifyFailure(reason).cls === 'needs-user',
        rank: (
          (rank) => (c: Candidate) =>
            rank(c) + ladder.rankOffset(c)
        )(raceRank(step.candidates, this.ctx.settings().protocolOrder)),
        preferGraceMs: sensitivityPreset(this.ctx.settings().sensitivity).preferGraceMs,
        onLateSuccess: options.onLateSuccess,
      });
      const now = this.ctx.now();
      ledger.losses(win.losses, step.round, true);
      ledger.commitPendingFrom([win.candidate, ...win.losses.map((l) => l.candidate)], now);
      ledger.attempt(win.candidate, 'won', 'carried data', win.ms, step.round);
      desk.round('won');
      return { verdict: 'won', candidate: win.candidate, value: win.value, ms: win.ms };
    } catch (err) {
      if (!(err instanceof RaceLostError)) throw err;
      const lost = err as RaceLostError<Candidate>;
      if (lost.aborted) {
        ledger.losses(lost.losses, step.round, false);
        desk.round('cancelled');
        return { verdict: 'cancelled' };
      }
      if (lost.fatal) {
        const others = lost.losses.filter((l) => l !== lost.fatal);
        ledger.losses(others, step.round, true);
        ledger.attempt(lost.fatal.candidate, 'failed', reasonText(lost.fatal.reason), lost.fatal.ms, step.round);
        desk.round('needs-user');
        const stop = ledger.stopForUser(lost.fatal.candidate, classifyFailure(lost.fatal.reason).error);
        return { verdict: 'needs-user', ...stop };
      }
      return this.allFailed(lost.losses, step.round);
    }
  }

  private allFailed<T>(losses: RaceLoss<Candidate>[], round: number): RoundResult<T> {
    const { desk, ladder, ledger, retry } = this.parts;
    const session = this.ctx.session;
    const now = this.ctx.now();
    const failed = losses.filter((l) => l.outcome !== 'cancelled' && classifyFailure(l.reason).cls === 'failed');
    const evidence = failed.map((l) => l.candidate);
    if (session.pendingFrom) evidence.push(session.pendingFrom);
    const verdict = judgeFailedRound({ failed: evidence, usable: session.usableAtStep });
    if (ladder.escalate(this.ctx.catalog().candidates)) {
      // A whole round failed the way a censor makes VPN protocols fail: disguised routes go first, now. Failures
      // a censor caused say nothing about the servers when they span the network, so those are not remembered.
      ledger.losses(losses, round, verdict !== 'network-down');
      session.pendingFrom = null;
      desk.round('failed');
      return { verdict: 'failed' };
    }
    if (verdict === 'network-down') {
      // Refusals are about the server's encryption, not reachability: they are remembered either way.
      const refusals = losses.filter((l) => !failed.includes(l));
      ledger.losses(refusals, round, true);
      for (const l of failed)
        ledger.attempt(l.candidate, l.outcome as AttemptOutcome, reasonText(l.reason), l.ms, round);
      session.pendingFrom = null;
      const delay = retry.armNetwork(now);
      desk.round('network-down');
      return { verdict: 'network-down', waitMs: delay, reason: waitMessage(delay, 'network') };
    }
    ledger.losses(losses, round, true);
    ledger.commitPendingFrom(
      losses.map((l) => l.candidate),
      now,
    );
    desk.round('failed');
    return { verdict: 'failed' };
  }
}
