import { randomUUID } from 'node:crypto';
import type { ErrorPayload } from '../../errors';
import type { HealthTimings } from '../health-monitor';
import type {
  FailoverEngineDeps,
  FailoverStep,
  LandedOptions,
  TunnelTimings,
  LostInput,
  ReturnStep,
  RoundResult,
  ServerState,
} from './engine-types';
import { DisguiseLadder } from './disguise-ladder';
import { IncidentDesk } from './incident-desk';
import type { AttemptOutcome, IncidentRecord } from './incidents';
import { FailoverMemory } from './memory';
import { loadMemory } from './memory-file';
import { MemorySaver } from './memory-saver';
import { failoverMessage, type FailoverMessage } from './messages';
import {
  describeRefusals,
  planFor,
  raceRank,
  tryingMessage,
  waitMessage,
  waitStep,
  type PlanningOptions,
} from './engine-planning';
import type { Plan } from './planner';
import { RaceLostError, raceCandidates, reasonText, type RaceLoss } from './race';
import { sensitivityPreset } from './sensitivity';
import { adviseReturn, adviseStandby } from './return-advisor';
import { serverStates } from './server-states';
import { ServerCatalog, type CatalogProfile } from './servers';
import type { FailoverSettings } from './settings';
import { RetrySchedule, type WaitOutcome } from './retry-schedule';
import { SwitchGovernor } from './stability';
import { sameCandidate, type Candidate, type CandidateDisguise } from './types';
import type { DisguiseReason } from '../../events';
import { classifyFailure, judgeFailedRound, knownCause } from './verdicts';

/**
 * The one object the connection controller talks to. It owns the server catalog, per-network memory, the
 * incident log, notification policy and switch rules; the controller owns tunnels and time-outs of its own.
 * See docs/failover.md, "Integration", for the call sequence.
 */
export class FailoverEngine {
  private catalog = ServerCatalog.empty();
  private profiles: readonly CatalogProfile[] = [];
  private lastProfiles: readonly CatalogProfile[] | null = null;
  private lastOverrides: unknown = null;
  private networkKey = 'unknown';
  private current: Candidate | null = null;
  private sessionPreferred: string | null = null;
  private sessionProfile: string | null = null;
  /** The candidate that just died: blamed only once a round shows the network is fine. */
  private pendingFrom: Candidate | null = null;
  private needsUser: { reason: FailoverMessage; error: ErrorPayload } | null = null;
  private round = 0;
  private usableAtStep: Candidate[] = [];
  /** The latest failure of this incident with a known cause, told to the user while Holdfast keeps trying. */
  private cause: ErrorPayload | null = null;
  private readonly retry: RetrySchedule;
  private readonly desk: IncidentDesk;
  private readonly saver: MemorySaver;
  private readonly governor = new SwitchGovernor();
  private readonly ladder: DisguiseLadder;

  private constructor(
    private readonly deps: FailoverEngineDeps,
    private readonly memory: FailoverMemory,
  ) {
    const { clock } = deps;
    this.desk = new IncidentDesk({
      clock,
      newId: deps.newId ?? randomUUID,
      onNotification: deps.onNotification,
      onIncident: deps.onIncident,
    });
    this.saver = new MemorySaver(
      clock,
      deps.store,
      () => memory.toJSON(clock.now()),
      deps.saveDelayMs ?? 2000,
      deps.onProblem,
    );
    memory.onChange(() => this.saver.schedule());
    this.retry = new RetrySchedule(clock, deps.random ?? Math.random, deps.backoff);
    this.ladder = new DisguiseLadder(deps.disguiseSettings ?? (() => ({ mode: 'automatic', order: [] })));
  }

  /** Loads memory through the store; a damaged store gives an empty memory and a problem, never a throw. */
  static async create(deps: FailoverEngineDeps): Promise<FailoverEngine> {
    const loaded = deps.store ? await loadMemory(deps.store) : undefined;
    for (const problem of loaded?.problems ?? []) deps.onProblem?.(problem);
    return new FailoverEngine(deps, new FailoverMemory(loaded?.data, deps.memoryPolicy));
  }

  // ---- catalog, network, settings -------------------------------------------------------------

  /** Call at start, whenever profiles change, and after the failover settings change (names, grouping). */
  setProfiles(profiles: readonly CatalogProfile[]): void {
    // The same shared list and the same stored overrides make the same catalog: a fleet of 10,000 is not
    // regrouped on every listing.
    const overrides = this.settings().servers;
    if (profiles === this.lastProfiles && overrides === this.lastOverrides) return;
    this.lastProfiles = profiles;
    this.lastOverrides = overrides;
    this.profiles = [...profiles];
    this.refreshCatalog();
  }

  refreshCatalog(): void {
    this.catalog = ServerCatalog.build(this.profiles, this.settings().servers);
    const relink = (c: Candidate | null) => (c ? this.catalog.relink(c) : null);
    this.current = relink(this.current);
    this.pendingFrom = relink(this.pendingFrom);
  }

  servers(): ServerCatalog {
    return this.catalog;
  }

  /** serverKey -> its disguises (docs/disguise.md); call at start and whenever disguises or servers change. */
  setDisguises(byServer: Readonly<Record<string, readonly CandidateDisguise[]>>): void {
    this.ladder.setAttached(byServer);
  }

  /** Why a disguised route was chosen (for the user's words), or null for a plain route. */
  disguiseReason(candidate: Candidate): DisguiseReason | null {
    return this.ladder.reasonFor(candidate);
  }

  /**
   * How long the first attempt of a session may take before failover tries something else: the time a race
   * gives each candidate, when there is something else to try. Null: wait for the driver's own verdict.
   */
  firstAttemptTimeoutMs(): number | null {
    const s = this.settings();
    if (!s.enabled) return null;
    const others = this.catalog.candidates.length + this.ladder.disguisedFor(this.catalog.candidates).length;
    return others > 1 ? sensitivityPreset(s.sensitivity).attemptTimeoutMs : null;
  }

  /**
   * The profile to start with when the user connects without choosing one: the best usable way onto the
   * preferred server (failover.preferredServer), or null when none is set, it no longer exists, or nothing on
   * it may be used. Connecting to a profile the user picked never goes through here: that choice wins.
   */
  preferredStart(): string | null {
    const key = this.settings().preferredServer;
    if (!key || !this.catalog.server(key)) return null;
    const plan = this.plan({ candidates: this.catalog.candidates.filter((c) => c.serverKey === key) });
    return (plan.ready[0] ?? plan.cooling[0]?.candidate)?.profileId ?? null;
  }

  /** The local network changed or came back: memory switches to it and any wait ends now. */
  networkChanged(networkKey: string): void {
    const key = networkKey || 'unknown';
    const changed = key !== this.networkKey;
    this.networkKey = key;
    this.memory.touch(this.networkKey, this.now());
    // Another network, another censor (or none): its own memory decides whether to start disguised.
    if (changed) this.ladder.networkChanged(this.memory.disguiseNeeded(key, this.now()), this.catalog.candidates);
    // The same network looked at again is no news. Waking on it turned every wait into a spin: the network
    // is looked at on every `connecting` state, and a wait emits one.
    if (changed) this.retry.wake();
  }

  get network(): string {
    return this.networkKey;
  }

  forgetNetwork(networkKey = this.networkKey): boolean {
    return this.memory.forgetNetwork(networkKey);
  }

  healthTimings(): HealthTimings {
    return sensitivityPreset(this.settings().sensitivity).health;
  }

  // ---- a session: begin, landed, lost, end ----------------------------------------------------

  /**
   * The user connects (to a profile, or to "the best"). Returns the candidate to start with, or null when
   * the profile has no server address (the controller then starts the profile as it is). An explicit profile
   * is honoured even when it is cooling down or vetoed: the user asked for it; the security gate still runs.
   */
  begin(profileId?: string): Candidate | null {
    this.desk.stop();
    this.resetSession();
    this.sessionProfile = profileId ?? null;
    const chosen = profileId ? this.catalog.candidatesOf(profileId) : [];
    this.sessionPreferred = chosen[0]?.serverKey ?? null;
    this.ladder.begin(this.memory.disguiseNeeded(this.networkKey, this.now()), this.catalog.candidates);
    if (profileId) {
      const plan = this.plan({ candidates: chosen, ignoreVetoes: true });
      // Through the disguise ladder's pool: under Always a server without a disguise is not used, even when picked.
      return plan.ready[0] ?? plan.cooling[0]?.candidate ?? this.ladder.pool(chosen)[0] ?? null;
    }
    const plan = this.plan({});
    return plan.ready[0] ?? plan.cooling[0]?.candidate ?? null;
  }

  /** Why `begin` found nothing to start with, when the reason is a setting rather than the profile. */
  noStartReason(): string | null {
    return this.ladder.why === 'always'
      ? 'Disguise is set to Always, but this server has no disguise that can carry its tunnel; import one or set Disguise to Automatic'
      : null;
  }

  /** Data flows through `candidate`: remembered as a success; an open incident resolves. */
  landed(candidate: Candidate, options: LandedOptions = {}): IncidentRecord | null {
    const now = this.now();
    const c = this.catalog.relink(candidate);
    const incident = this.desk.current;
    const kind = options.kind ?? (incident ? 'failover' : 'initial');
    this.commitPendingFrom([c], now);
    this.memory.recordSuccess(this.networkKey, c, now, options.ms);
    if (!c.disguise) this.memory.clearDisguiseNeeded(this.networkKey);
    else if (this.ladder.why !== 'always') this.memory.recordDisguiseNeeded(this.networkKey, c, now);
    this.recordTimings(c.serverKey, options.timings);
    this.memory.recordUse(c.serverKey, now);
    this.governor.landed(c.serverKey, now, kind);
    this.current = c;
    this.needsUser = null;
    this.cause = null;
    this.retry.reset();
    const round = this.round;
    this.round = 0;
    if (!incident) return null;
    this.attempt(c, 'landed', 'data flows', options.ms ?? 0, round);
    const closed = this.desk.resolve(this.catalog.view(c));
    return closed ? structuredClone(closed) : null;
  }

  /** The tunnel stopped carrying data (or the first connect failed): opens an incident, or adds to it. */
  lost(input: LostInput): IncidentRecord {
    const now = this.now();
    const from = input.from !== undefined ? input.from : this.current;
    const c = from ? this.catalog.relink(from) : null;
    this.current = null;
    if (c && !c.disguise) this.ladder.plainFailed(this.catalog.candidates);
    let incident = this.desk.current;
    if (!incident) {
      const s = this.settings();
      const timings = { quietWindowMs: s.quietWindowMs, unresolvedAfterMs: s.unresolvedNoticeAfterMs };
      incident = this.desk.open({ ...input, from: c ? this.catalog.view(c) : null }, timings);
      this.round = 0;
    }
    if (c) this.attempt(c, 'lost', input.detail, input.detectedAfterMs ?? 0, this.round, knownCause(input.error));
    const failure = input.error !== undefined ? classifyFailure(input.error) : null;
    if (failure?.cls === 'needs-user') {
      this.stopForUser(c, failure.error);
    } else if (c && failure?.cls === 'refused') {
      this.memory.recordFailure(this.networkKey, c, now, 'refused');
    } else if (c) {
      if (this.pendingFrom && !sameCandidate(this.pendingFrom, c))
        this.memory.recordFailure(this.networkKey, this.pendingFrom, now);
      this.pendingFrom = c;
    }
    if (this.desk.current === incident) this.desk.publish(incident);
    return structuredClone(incident);
  }

  /** The user disconnected: the incident (if any) ends unresolved and quietly; memory is written. */
  async end(): Promise<void> {
    this.desk.stop();
    this.resetSession();
    await this.flush();
  }

  // ---- rounds -----------------------------------------------------------------------------------

  /** What to do now: race some candidates, wait (and why), or stop because only the user can help. */
  nextStep(): FailoverStep {
    if (this.needsUser) return { kind: 'needs-user', ...this.needsUser };
    const now = this.now();
    const s = this.settings();
    const pending = this.retry.pending(now);
    if (pending) return waitStep(pending.ms, pending.why);
    const plan = this.plan({ avoid: this.pendingFrom });
    this.usableAtStep = [...plan.ready, ...plan.cooling.map((x) => x.candidate)];
    if (this.usableAtStep.length === 0) {
      const detail = describeRefusals(plan, this.catalog.candidates.length, this.ladder.why === 'always');
      this.stopForUser(
        null,
        { code: 'tunnel-failed', message: `no server can be used: ${detail}` },
        failoverMessage('failover.no-usable-server', { detail }),
      );
      return this.nextStep();
    }
    const width = s.enabled ? s.raceWidth : 1;
    if (plan.ready.length > 0) {
      this.retry.clear();
      return this.raceStep(this.ladder.window(plan.ready, width));
    }
    if (this.retry.takeCoolingRetry()) {
      // The backoff has run out and everything still cools down: try the soonest usable anyway.
      const cooling = plan.cooling.map((x) => x.candidate);
      return this.raceStep(this.ladder.window(this.ladder.order(cooling), width));
    }
    return waitStep(this.retry.armCooldown(now, plan.cooling[0]?.until ?? now), 'cooldown');
  }

  /**
   * Runs a race step: `tryOne` brings up a probe tunnel (no routes) for a candidate and resolves once data
   * came back through it, honouring the AbortSignal. Failures are remembered, unless every attempt failed at
   * once across servers and protocols: then the network is blamed and nothing is remembered.
   */
  async race<T>(
    step: Extract<FailoverStep, { kind: 'race' }>,
    tryOne: (candidate: Candidate, signal: AbortSignal) => Promise<T>,
    options: { signal?: AbortSignal; onLateSuccess?: (value: T, candidate: Candidate) => void } = {},
  ): Promise<RoundResult<T>> {
    try {
      const win = await raceCandidates(step.candidates, tryOne, {
        width: step.candidates.length,
        staggerMs: step.staggerMs,
        attemptTimeoutMs: step.attemptTimeoutMs,
        clock: this.deps.clock,
        signal: options.signal,
        isFatal: (reason) => classifyFailure(reason).cls === 'needs-user',
        rank: (
          (rank) => (c: Candidate) =>
            rank(c) + this.ladder.rankOffset(c)
        )(raceRank(step.candidates, this.settings().protocolOrder)),
        preferGraceMs: sensitivityPreset(this.settings().sensitivity).preferGraceMs,
        onLateSuccess: options.onLateSuccess,
      });
      const now = this.now();
      this.recordLosses(win.losses, step.round, true);
      this.commitPendingFrom([win.candidate, ...win.losses.map((l) => l.candidate)], now);
      this.attempt(win.candidate, 'won', 'carried data', win.ms, step.round);
      this.endRound('won');
      return { verdict: 'won', candidate: win.candidate, value: win.value, ms: win.ms };
    } catch (err) {
      if (!(err instanceof RaceLostError)) throw err;
      const lost = err as RaceLostError<Candidate>;
      if (lost.aborted) {
        this.recordLosses(lost.losses, step.round, false);
        this.endRound('cancelled');
        return { verdict: 'cancelled' };
      }
      if (lost.fatal) {
        const others = lost.losses.filter((l) => l !== lost.fatal);
        this.recordLosses(others, step.round, true);
        this.attempt(lost.fatal.candidate, 'failed', reasonText(lost.fatal.reason), lost.fatal.ms, step.round);
        this.endRound('needs-user');
        const stop = this.stopForUser(lost.fatal.candidate, classifyFailure(lost.fatal.reason).error);
        return { verdict: 'needs-user', ...stop };
      }
      return this.allFailed(lost.losses, step.round);
    }
  }

  /** The probe won but the real tunnel on that candidate failed. */
  landingFailed(candidate: Candidate, error: unknown): void {
    const failure = classifyFailure(error);
    this.attempt(candidate, 'landing-failed', failure.error.message, 0, this.round, knownCause(error));
    if (failure.cls === 'needs-user') this.stopForUser(candidate, failure.error);
    else if (failure.cls !== 'cancelled')
      this.memory.recordFailure(this.networkKey, candidate, this.now(), failure.cls);
    this.desk.publish(this.desk.current);
  }

  /**
   * The latest failure of the current incident whose cause is known and worth telling (the server insists on
   * compression, weak encryption), or null. The controller shows it with every state while it keeps trying.
   */
  knownCause(): ErrorPayload | null {
    return this.cause ? { ...this.cause } : null;
  }

  /** Sleeps `ms`, ending early when the network changes or `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<WaitOutcome> {
    return this.retry.wait(ms, signal);
  }

  // ---- while connected: return to preferred, hot standby ----------------------------------------

  /** Poll every few seconds while connected: probe the preferred server, or switch back to it. */
  returnStep(): ReturnStep | null {
    return adviseReturn({
      settings: this.settings(),
      catalog: this.catalog,
      governor: this.governor,
      preferredServer: this.preferredServer(),
      current: this.current,
      incidentOpen: this.desk.current !== null,
      now: this.now(),
      plan: (candidates) => this.plan({ candidates }),
    });
  }

  /** The result of a returnStep probe (or of a hot-standby tunnel on the preferred server). */
  preferredHealth(ok: boolean): void {
    this.governor.preferredObserved(ok, this.now());
  }

  /** With hot standby on: the candidate worth keeping negotiated next to the current tunnel. */
  standbyCandidate(): Candidate | null {
    return adviseStandby(this.settings(), this.current, () => this.plan({}));
  }

  // ---- views --------------------------------------------------------------------------------------

  incidents(): IncidentRecord[] {
    return this.desk.list();
  }

  currentIncident(): IncidentRecord | null {
    const open = this.desk.current;
    return open ? structuredClone(open) : null;
  }

  /** Every server with its per-transport state on the current network, for the server list and the CLI. */
  serverStates(): ServerState[] {
    return serverStates(this.catalog, this.memory, this.networkKey, this.now());
  }

  /**
   * Passive latency: what a tunnel (the real one or a race candidate, winner or not) showed while coming up.
   * Costs nothing on the wire, so it is recorded always; active measuring is ServerService's, on request.
   */
  recordTimings(serverKey: string, timings: TunnelTimings | undefined): void {
    if (!timings) return;
    const now = this.now();
    if (timings.handshakeMs !== undefined)
      this.memory.recordLatency(this.networkKey, serverKey, 'handshake', timings.handshakeMs, now);
    if (timings.firstAnswerMs !== undefined)
      this.memory.recordLatency(this.networkKey, serverKey, 'first-answer', timings.firstAnswerMs, now);
  }

  /** A measurement on request (ICMP or TCP), on the current network. */
  recordMeasurement(serverKey: string, method: 'icmp' | 'tcp', ms: number): void {
    this.memory.recordLatency(this.networkKey, serverKey, method, ms, this.now());
  }

  /** Servers the user connected to, newest first, on any network. */
  recentServers(): Array<{ serverKey: string; at: number }> {
    return this.memory.recent();
  }

  /** Writes memory now (on quit, after forgetting a network). */
  flush(): Promise<void> {
    return this.saver.flush();
  }

  // ---- internals ------------------------------------------------------------------------------------

  private settings(): FailoverSettings {
    return this.deps.settings();
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private preferredServer(): string | null {
    return this.sessionPreferred ?? this.settings().preferredServer;
  }

  private plan(options: PlanningOptions): Plan {
    const plan = planFor(
      {
        catalog: this.catalog,
        memory: this.memory,
        networkKey: this.networkKey,
        now: this.now(),
        settings: this.settings(),
        preferredServer: this.preferredServer(),
        sessionProfile: this.sessionProfile,
        pendingFrom: this.pendingFrom,
        current: this.current,
        allowed: this.deps.allowed,
        latencyMs: this.deps.latencyMs,
        pool: (plain) => this.ladder.pool(plain),
      },
      options,
    );
    return { ...plan, ready: this.ladder.order(plan.ready) };
  }

  private raceStep(candidates: Candidate[]): FailoverStep {
    const s = this.settings();
    this.round += 1;
    return {
      kind: 'race',
      round: this.round,
      candidates,
      staggerMs: s.staggerMs,
      attemptTimeoutMs: sensitivityPreset(s.sensitivity).attemptTimeoutMs,
      reason: tryingMessage(this.catalog, candidates),
    };
  }

  private allFailed<T>(losses: RaceLoss<Candidate>[], round: number): RoundResult<T> {
    const now = this.now();
    const failed = losses.filter((l) => l.outcome !== 'cancelled' && classifyFailure(l.reason).cls === 'failed');
    const evidence = failed.map((l) => l.candidate);
    if (this.pendingFrom) evidence.push(this.pendingFrom);
    const verdict = judgeFailedRound({ failed: evidence, usable: this.usableAtStep });
    if (this.ladder.escalate(this.catalog.candidates)) {
      // A whole round failed the way a censor makes VPN protocols fail: disguised routes go first, now. Failures
      // a censor caused say nothing about the servers when they span the network, so those are not remembered.
      this.recordLosses(losses, round, verdict !== 'network-down');
      this.pendingFrom = null;
      this.endRound('failed');
      return { verdict: 'failed' };
    }
    if (verdict === 'network-down') {
      // Refusals are about the server's encryption, not reachability: they are remembered either way.
      const refusals = losses.filter((l) => !failed.includes(l));
      this.recordLosses(refusals, round, true);
      for (const l of failed) this.attempt(l.candidate, l.outcome as AttemptOutcome, reasonText(l.reason), l.ms, round);
      this.pendingFrom = null;
      const delay = this.retry.armNetwork(now);
      this.endRound('network-down');
      return { verdict: 'network-down', waitMs: delay, reason: waitMessage(delay, 'network') };
    }
    this.recordLosses(losses, round, true);
    this.commitPendingFrom(
      losses.map((l) => l.candidate),
      now,
    );
    this.endRound('failed');
    return { verdict: 'failed' };
  }

  /** The round showed the network works: the candidate that died is blamed, unless this round already judged it. */
  private commitPendingFrom(judged: readonly Candidate[], now: number): void {
    const from = this.pendingFrom;
    this.pendingFrom = null;
    if (from && !judged.some((c) => sameCandidate(c, from))) this.memory.recordFailure(this.networkKey, from, now);
  }

  private recordLosses(losses: RaceLoss<Candidate>[], round: number, remember: boolean): void {
    const now = this.now();
    for (const l of losses) {
      const failure = classifyFailure(l.reason);
      const outcome = l.outcome === 'failed' ? 'failed' : l.outcome;
      this.attempt(l.candidate, outcome, reasonText(l.reason), l.ms, round, knownCause(l.reason));
      if (!remember || l.outcome === 'cancelled' || failure.cls === 'cancelled' || failure.cls === 'needs-user')
        continue;
      this.memory.recordFailure(this.networkKey, l.candidate, now, failure.cls);
    }
  }

  private attempt(
    c: Candidate,
    outcome: AttemptOutcome,
    reason: string,
    ms: number,
    round: number,
    cause: ErrorPayload | null = null,
  ): void {
    if (cause) this.cause = cause;
    const code = cause ? { code: cause.code } : {};
    this.desk.attempt({ candidate: this.catalog.view(c), outcome, reason, ...code, ms: Math.round(ms), round });
  }

  private endRound(verdict: 'won' | 'failed' | 'network-down' | 'needs-user' | 'cancelled'): void {
    this.desk.round(verdict);
  }

  private stopForUser(
    c: Candidate | null,
    error: ErrorPayload,
    reason?: FailoverMessage,
  ): { reason: FailoverMessage; error: ErrorPayload } {
    const server = c ? this.catalog.view(c).serverName : 'Holdfast';
    const stop = {
      reason:
        reason ?? failoverMessage('failover.needs-user', { server, detail: error.message, errorCode: error.code }),
      error,
    };
    this.needsUser = stop;
    this.pendingFrom = null;
    this.desk.needsUser(stop.reason);
    return stop;
  }

  private resetSession(): void {
    this.current = null;
    this.pendingFrom = null;
    this.needsUser = null;
    this.cause = null;
    this.sessionPreferred = null;
    this.sessionProfile = null;
    this.round = 0;
    this.governor.reset();
    this.retry.reset();
  }
}
