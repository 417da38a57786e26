import type { AttemptLedger } from './attempt-ledger';
import type { DisguiseLadder } from './disguise-ladder';
import type { EngineContext } from './engine-context';
import type { EnginePlanner } from './engine-planning';
import type { LandedOptions, LostInput, TunnelTimings } from './engine-types';
import type { IncidentDesk } from './incident-desk';
import type { IncidentRecord } from './incidents';
import type { FailoverMemory } from './memory';
import type { RetrySchedule } from './retry-schedule';
import { sensitivityPreset } from './sensitivity';
import type { SwitchGovernor } from './stability';
import { sameCandidate, type Candidate } from './types';
import { classifyFailure, knownCause } from './verdicts';

export interface SessionLifecycleParts {
  desk: IncidentDesk;
  governor: SwitchGovernor;
  ladder: DisguiseLadder;
  ledger: AttemptLedger;
  memory: FailoverMemory;
  planner: EnginePlanner;
  retry: RetrySchedule;
}

/**
 * A session from connect to disconnect, as the controller reports it: where to start (and how long the first
 * attempt may take), data flowing, what a tunnel showed while coming up, the tunnel lost, the real tunnel failing
 * after its probe won. Each report is written to memory, the incident, the disguise ladder and the switch rules;
 * what to try next is step-chooser.ts's.
 */
export class SessionLifecycle {
  constructor(
    private readonly ctx: EngineContext,
    private readonly parts: SessionLifecycleParts,
  ) {}

  /** The candidate to start with: the profile the user picked (even cooling down or vetoed), or the best. */
  begin(profileId?: string): Candidate | null {
    const { ladder, memory, planner } = this.parts;
    this.parts.desk.stop();
    this.reset();
    const catalog = this.ctx.catalog();
    this.ctx.session.profile = profileId ?? null;
    const chosen = profileId ? catalog.candidatesOf(profileId) : [];
    this.ctx.session.preferred = chosen[0]?.serverKey ?? null;
    ladder.begin(memory.disguiseNeeded(this.ctx.networkKey(), this.ctx.now()), catalog.candidates);
    if (profileId) {
      const plan = planner.plan({ candidates: chosen, ignoreVetoes: true });
      const ready = ladder.order([...plan.ready, ...this.disguisedSiblings(chosen)]);
      // Through the disguise ladder's pool: under Always a server without a disguise is not used, even when picked.
      return ready[0] ?? plan.cooling[0]?.candidate ?? ladder.pool(chosen)[0] ?? null;
    }
    const plan = planner.plan({});
    return plan.ready[0] ?? plan.cooling[0]?.candidate ?? null;
  }

  /**
   * When disguised routes go first (a network remembered to need one, or Always): those of the picked server's
   * other profiles too. A disguise that carries only TCP cannot carry the WireGuard profile the user picked, but
   * it can carry the same server's OpenVPN over TCP; starting plain would spend the first attempt's whole time
   * on a route this network blocks. The user's protocol order and minimum encryption still rule these.
   */
  private disguisedSiblings(chosen: readonly Candidate[]): Candidate[] {
    const server = chosen[0]?.serverKey;
    if (this.parts.ladder.stage !== 'first' || server === undefined) return [];
    const picked = new Set(chosen.map((c) => c.profileId));
    const siblings = this.ctx.catalog().candidates.filter((c) => c.serverKey === server && !picked.has(c.profileId));
    if (siblings.length === 0) return [];
    return this.parts.planner.plan({ candidates: siblings }).ready.filter((c) => c.disguise);
  }

  /** Why `begin` found nothing to start with, when the reason is a setting rather than the profile. */
  noStartReason(): string | null {
    return this.parts.ladder.why === 'always'
      ? 'Disguise is set to Always, but this server has no disguise that can carry its tunnel; import one or set Disguise to Automatic'
      : null;
  }

  /** The race's time per candidate when there is something else to try; null: wait for the driver's verdict. */
  firstAttemptTimeoutMs(): number | null {
    const s = this.ctx.settings();
    if (!s.enabled) return null;
    const { candidates } = this.ctx.catalog();
    const others = candidates.length + this.parts.ladder.disguisedFor(candidates).length;
    return others > 1 ? sensitivityPreset(s.sensitivity).attemptTimeoutMs : null;
  }

  /** Data flows through `candidate`: remembered as a success; an open incident resolves. */
  landed(candidate: Candidate, options: LandedOptions): IncidentRecord | null {
    const { desk, governor, ladder, ledger, memory } = this.parts;
    const { session } = this.ctx;
    const net = this.ctx.networkKey();
    const now = this.ctx.now();
    const c = this.ctx.catalog().relink(candidate);
    const incident = desk.current;
    const kind = options.kind ?? (incident ? 'failover' : 'initial');
    ledger.commitPendingFrom([c], now);
    memory.recordSuccess(net, c, now, options.ms);
    if (!c.disguise) memory.clearDisguiseNeeded(net);
    else if (ladder.why !== 'always') memory.recordDisguiseNeeded(net, c, now);
    this.recordTimings(c.serverKey, options.timings);
    memory.recordUse(c.serverKey, now);
    governor.landed(c.serverKey, now, kind);
    session.current = c;
    session.needsUser = null;
    session.cause = null;
    this.parts.retry.reset();
    const round = session.round;
    session.round = 0;
    if (!incident) return null;
    ledger.attempt(c, 'landed', 'data flows', options.ms ?? 0, round);
    const closed = desk.resolve(this.ctx.catalog().view(c));
    return closed ? structuredClone(closed) : null;
  }

  /** The tunnel stopped carrying data (or the first connect failed): opens an incident, or adds to it. */
  lost(input: LostInput): IncidentRecord {
    const { desk, ledger, memory } = this.parts;
    const { session } = this.ctx;
    const catalog = this.ctx.catalog();
    const now = this.ctx.now();
    const from = input.from !== undefined ? input.from : session.current;
    const c = from ? catalog.relink(from) : null;
    session.current = null;
    if (c && !c.disguise) this.parts.ladder.plainFailed(catalog.candidates);
    let incident = desk.current;
    if (!incident) {
      const s = this.ctx.settings();
      const timings = { quietWindowMs: s.quietWindowMs, unresolvedAfterMs: s.unresolvedNoticeAfterMs };
      incident = desk.open({ ...input, from: c ? catalog.view(c) : null }, timings);
      session.round = 0;
    }
    if (c) ledger.attempt(c, 'lost', input.detail, input.detectedAfterMs ?? 0, session.round, knownCause(input.error));
    const failure = input.error !== undefined ? classifyFailure(input.error) : null;
    if (failure?.cls === 'needs-user') {
      ledger.stopForUser(c, failure.error);
    } else if (c && failure?.cls === 'refused') {
      memory.recordFailure(this.ctx.networkKey(), c, now, 'refused');
    } else if (c) {
      if (session.pendingFrom && !sameCandidate(session.pendingFrom, c))
        memory.recordFailure(this.ctx.networkKey(), session.pendingFrom, now);
      session.pendingFrom = c;
    }
    if (desk.current === incident) desk.publish(incident);
    return structuredClone(incident);
  }

  /** The probe won but the real tunnel on that candidate failed. */
  landingFailed(candidate: Candidate, error: unknown): void {
    const { desk, ledger } = this.parts;
    const failure = classifyFailure(error);
    ledger.attempt(candidate, 'landing-failed', failure.error.message, 0, this.ctx.session.round, knownCause(error));
    if (failure.cls === 'needs-user') ledger.stopForUser(candidate, failure.error);
    else if (failure.cls !== 'cancelled')
      this.parts.memory.recordFailure(this.ctx.networkKey(), candidate, this.ctx.now(), failure.cls);
    desk.publish(desk.current);
  }

  /** Passive latency: what a tunnel (the real one or a race candidate) showed about its server while coming up. */
  recordTimings(serverKey: string, timings: TunnelTimings | undefined): void {
    if (!timings) return;
    const { memory } = this.parts;
    const now = this.ctx.now();
    if (timings.handshakeMs !== undefined)
      memory.recordLatency(this.ctx.networkKey(), serverKey, 'handshake', timings.handshakeMs, now);
    if (timings.firstAnswerMs !== undefined)
      memory.recordLatency(this.ctx.networkKey(), serverKey, 'first-answer', timings.firstAnswerMs, now);
  }

  /** The user disconnected: the incident (if any) ends unresolved and quietly. */
  end(): void {
    this.parts.desk.stop();
    this.reset();
  }

  private reset(): void {
    this.ctx.session.reset();
    this.parts.governor.reset();
    this.parts.retry.reset();
  }
}
