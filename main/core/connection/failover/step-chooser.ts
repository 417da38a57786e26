import type { AttemptLedger } from './attempt-ledger';
import type { DisguiseLadder } from './disguise-ladder';
import type { EngineContext } from './engine-context';
import { describeRefusals, tryingMessage, waitStep, type EnginePlanner } from './engine-planning';
import type { FailoverStep } from './engine-types';
import { failoverMessage } from './messages';
import type { RetrySchedule } from './retry-schedule';
import { sensitivityPreset } from './sensitivity';
import type { Candidate } from './types';

export interface StepChooserParts {
  ladder: DisguiseLadder;
  ledger: AttemptLedger;
  planner: EnginePlanner;
  retry: RetrySchedule;
}

/**
 * What to do next during an incident: race the best fresh candidates, retry cooling ones once a wait has run out,
 * wait (and say why), or stop because nothing may be used at all.
 */
export class StepChooser {
  constructor(
    private readonly ctx: EngineContext,
    private readonly parts: StepChooserParts,
  ) {}

  next(): FailoverStep {
    const session = this.ctx.session;
    if (session.needsUser) return { kind: 'needs-user', ...session.needsUser };
    const { ladder, retry } = this.parts;
    const now = this.ctx.now();
    const s = this.ctx.settings();
    const pending = retry.pending(now);
    if (pending) return waitStep(pending.ms, pending.why);
    const plan = this.parts.planner.plan({ avoid: session.pendingFrom });
    session.usableAtStep = [...plan.ready, ...plan.cooling.map((x) => x.candidate)];
    if (session.usableAtStep.length === 0) {
      const detail = describeRefusals(plan, this.ctx.catalog().candidates.length, ladder.why === 'always');
      this.parts.ledger.stopForUser(
        null,
        { code: 'tunnel-failed', message: `no server can be used: ${detail}` },
        failoverMessage('failover.no-usable-server', { detail }),
      );
      return this.next();
    }
    const width = s.enabled ? s.raceWidth : 1;
    if (plan.ready.length > 0) {
      retry.clear();
      return this.raceStep(ladder.window(plan.ready, width));
    }
    if (retry.takeCoolingRetry()) {
      // The backoff has run out and everything still cools down: try the soonest usable anyway.
      const cooling = plan.cooling.map((x) => x.candidate);
      return this.raceStep(ladder.window(ladder.order(cooling), width));
    }
    return waitStep(retry.armCooldown(now, plan.cooling[0]?.until ?? now), 'cooldown');
  }

  private raceStep(candidates: Candidate[]): FailoverStep {
    const s = this.ctx.settings();
    this.ctx.session.round += 1;
    return {
      kind: 'race',
      round: this.ctx.session.round,
      candidates,
      staggerMs: s.staggerMs,
      attemptTimeoutMs: sensitivityPreset(s.sensitivity).attemptTimeoutMs,
      reason: tryingMessage(this.ctx.catalog(), candidates),
    };
  }
}
