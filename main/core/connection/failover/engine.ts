import { randomUUID } from 'node:crypto';
import type { ErrorPayload } from '../../errors';
import type { HealthTimings } from '../health-monitor';
import type {
  FailoverEngineDeps,
  FailoverStep,
  LandedOptions,
  LostInput,
  ReturnStep,
  RoundResult,
  ServerState,
} from './engine-types';
import { IncidentLog, type AttemptOutcome, type IncidentRecord } from './incidents';
import { FailoverMemory } from './memory';
import { loadMemory } from './memory-file';
import { failoverMessage, type FailoverMessage } from './messages';
import { NotificationPolicy, type FailoverNotification } from './notifications';
import { diversify, planCandidates, type Plan } from './planner';
import { RaceLostError, raceCandidates, reasonText, type RaceLoss } from './race';
import { sensitivityPreset } from './sensitivity';
import { ServerCatalog, type CatalogProfile } from './servers';
import type { FailoverSettings } from './settings';
import { DEFAULT_BACKOFF, SwitchGovernor, backoffDelay } from './stability';
import { sameCandidate, transportLabel, type Candidate } from './types';
import { classifyFailure, judgeFailedRound } from './verdicts';

export type WaitOutcome = 'elapsed' | 'network-changed' | 'aborted';

/**
 * The one object the connection controller talks to. It owns the server catalog, per-network memory, the
 * incident log, notification policy and switch rules; the controller owns tunnels and time-outs of its own.
 * See docs/failover.md, "Integration", for the call sequence.
 */
export class FailoverEngine {
  private catalog = ServerCatalog.empty();
  private profiles: readonly CatalogProfile[] = [];
  private networkKey = 'unknown';
  private current: Candidate | null = null;
  private sessionPreferred: string | null = null;
  private sessionProfile: string | null = null;
  /** The candidate that just died: blamed only once a round shows the network is fine. */
  private pendingFrom: Candidate | null = null;
  private needsUser: { reason: FailoverMessage; error: ErrorPayload } | null = null;
  private round = 0;
  private backoffAttempt = 0;
  private waitUntil: number | null = null;
  private waitingFor: 'cooldown' | 'network' = 'cooldown';
  private coolingRetryArmed = false;
  private usableAtStep: Candidate[] = [];
  private readonly networkWaiters = new Set<() => void>();
  private readonly log: IncidentLog;
  private readonly policy = new NotificationPolicy();
  private readonly governor = new SwitchGovernor();
  private cancelUnresolved: (() => void) | null = null;
  private cancelSave: (() => void) | null = null;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly deps: FailoverEngineDeps,
    private readonly memory: FailoverMemory,
  ) {
    this.log = new IncidentLog(deps.newId ?? randomUUID);
    memory.onChange(() => this.scheduleSave());
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
    this.profiles = [...profiles];
    this.refreshCatalog();
  }

  refreshCatalog(): void {
    this.catalog = ServerCatalog.build(this.profiles, this.settings().servers);
    const relink = (c: Candidate | null) => (c ? (this.catalog.find(c.profileId, c.endpointIndex) ?? c) : null);
    this.current = relink(this.current);
    this.pendingFrom = relink(this.pendingFrom);
  }

  servers(): ServerCatalog {
    return this.catalog;
  }

  /** The local network changed or came back: memory switches to it and any wait ends now. */
  networkChanged(networkKey: string): void {
    this.networkKey = networkKey || 'unknown';
    this.memory.touch(this.networkKey, this.now());
    this.resetBackoff();
    for (const wake of [...this.networkWaiters]) wake();
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
    this.closeIncident('stopped');
    this.resetSession();
    this.sessionProfile = profileId ?? null;
    const chosen = profileId ? this.catalog.candidatesOf(profileId) : [];
    this.sessionPreferred = chosen[0]?.serverKey ?? null;
    if (profileId) {
      const plan = this.plan({ candidates: chosen, ignoreVetoes: true });
      return plan.ready[0] ?? plan.cooling[0]?.candidate ?? chosen[0] ?? null;
    }
    const plan = this.plan({});
    return plan.ready[0] ?? plan.cooling[0]?.candidate ?? null;
  }

  /** Data flows through `candidate`: remembered as a success; an open incident resolves. */
  landed(candidate: Candidate, options: LandedOptions = {}): IncidentRecord | null {
    const now = this.now();
    const c = this.catalog.find(candidate.profileId, candidate.endpointIndex) ?? candidate;
    const incident = this.log.current;
    const kind = options.kind ?? (incident ? 'failover' : 'initial');
    this.commitPendingFrom([c], now);
    this.memory.recordSuccess(this.networkKey, c, now, options.ms);
    this.governor.landed(c.serverKey, now, kind);
    this.current = c;
    this.needsUser = null;
    this.resetBackoff();
    const round = this.round;
    this.round = 0;
    if (!incident) return null;
    this.log.addAttempt({
      candidate: this.catalog.view(c),
      outcome: 'landed',
      reason: 'data flows',
      ms: Math.round(options.ms ?? 0),
      round,
    });
    const closed = this.closeIncident('landed', c);
    if (closed) this.notify(this.policy.onResolved(closed, now));
    this.emitIncident(closed);
    return closed ? structuredClone(closed) : null;
  }

  /** The tunnel stopped carrying data (or the first connect failed): opens an incident, or adds to it. */
  lost(input: LostInput): IncidentRecord {
    const now = this.now();
    const from = input.from !== undefined ? input.from : this.current;
    const c = from ? (this.catalog.find(from.profileId, from.endpointIndex) ?? from) : null;
    this.current = null;
    let incident = this.log.current;
    if (!incident) {
      this.syncPolicy();
      incident = this.log.open({ ...input, from: c ? this.catalog.view(c) : null }, now);
      this.round = 0;
      this.scheduleUnresolved();
    }
    if (c)
      this.log.addAttempt({
        candidate: this.catalog.view(c),
        outcome: 'lost',
        reason: input.detail,
        ms: input.detectedAfterMs ?? 0,
        round: this.round,
      });
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
    if (this.log.current === incident) this.emitIncident(incident);
    return structuredClone(incident);
  }

  /** The user disconnected: the incident (if any) ends unresolved and quietly; memory is written. */
  async end(): Promise<void> {
    this.closeIncident('stopped');
    this.resetSession();
    await this.flush();
  }

  // ---- rounds -----------------------------------------------------------------------------------

  /** What to do now: race some candidates, wait (and why), or stop because only the user can help. */
  nextStep(): FailoverStep {
    if (this.needsUser) return { kind: 'needs-user', ...this.needsUser };
    const now = this.now();
    const s = this.settings();
    if (this.waitUntil !== null && now < this.waitUntil) return this.waitStep(this.waitUntil - now);
    const plan = this.plan({ avoid: this.pendingFrom });
    this.usableAtStep = [...plan.ready, ...plan.cooling.map((x) => x.candidate)];
    if (this.usableAtStep.length === 0) {
      const detail = describeRefusals(plan, this.catalog.candidates.length);
      this.stopForUser(
        null,
        { code: 'tunnel-failed', message: `no server can be used: ${detail}` },
        failoverMessage('failover.no-usable-server', { detail }),
      );
      return this.nextStep();
    }
    const width = s.enabled ? s.raceWidth : 1;
    if (plan.ready.length > 0) {
      this.waitUntil = null;
      this.coolingRetryArmed = false;
      return this.raceStep(diversify(plan.ready, width).slice(0, width));
    }
    if (this.coolingRetryArmed) {
      // The backoff has run out and everything still cools down: try the least recently failed anyway.
      this.coolingRetryArmed = false;
      this.waitUntil = null;
      return this.raceStep(
        diversify(
          plan.cooling.map((x) => x.candidate),
          width,
        ).slice(0, width),
      );
    }
    const earliest = plan.cooling[0]?.until ?? now;
    const delay = Math.max(1, Math.min(this.nextBackoff(), earliest - now));
    this.waitUntil = now + delay;
    this.waitingFor = 'cooldown';
    this.coolingRetryArmed = true;
    return this.waitStep(delay);
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
        this.recordLosses(
          lost.losses.filter((l) => l !== lost.fatal),
          step.round,
          true,
        );
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
    this.attempt(candidate, 'landing-failed', failure.error.message, 0, this.round);
    if (failure.cls === 'needs-user') this.stopForUser(candidate, failure.error);
    else if (failure.cls !== 'cancelled')
      this.memory.recordFailure(this.networkKey, candidate, this.now(), failure.cls);
    this.emitIncident(this.log.current);
  }

  /** Sleeps `ms`, ending early when the network changes or `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<WaitOutcome> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve('aborted');
      const done = (outcome: WaitOutcome): void => {
        cancel();
        this.networkWaiters.delete(onNetwork);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onNetwork = (): void => done('network-changed');
      const onAbort = (): void => done('aborted');
      const cancel = this.deps.clock.setTimeout(() => done('elapsed'), Math.max(0, ms));
      this.networkWaiters.add(onNetwork);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  // ---- while connected: return to preferred, hot standby ----------------------------------------

  /** Poll every few seconds while connected: probe the preferred server, or switch back to it. */
  returnStep(): ReturnStep | null {
    const s = this.settings();
    const preferred = this.preferredServer();
    if (!s.enabled || !s.returnToPreferred || !preferred || !this.current || this.log.current) return null;
    if (this.current.serverKey === preferred) return null;
    const candidate = this.plan({ candidates: this.catalog.candidates.filter((c) => c.serverKey === preferred) })
      .ready[0];
    if (!candidate) return null;
    const now = this.now();
    if (this.governor.shouldReturn(now, preferred, s)) {
      const view = this.catalog.view(candidate);
      return {
        kind: 'switch',
        candidate,
        reason: failoverMessage('failover.returned', { to: view.serverName, transport: view.transportLabel }),
      };
    }
    const last = this.governor.lastPreferredCheck();
    const every = Math.max(10_000, Math.min(60_000, Math.floor(s.returnAfterMs / 4)));
    return last === null || now - last >= every ? { kind: 'probe', candidate } : null;
  }

  /** The result of a returnStep probe (or of a hot-standby tunnel on the preferred server). */
  preferredHealth(ok: boolean): void {
    this.governor.preferredObserved(ok, this.now());
  }

  /** With hot standby on: the candidate worth keeping negotiated next to the current tunnel. */
  standbyCandidate(): Candidate | null {
    const s = this.settings();
    if (!s.enabled || !s.hotStandby || !this.current) return null;
    const server = this.current.serverKey;
    return this.plan({}).ready.find((c) => c.serverKey !== server) ?? null;
  }

  // ---- views --------------------------------------------------------------------------------------

  incidents(): IncidentRecord[] {
    return this.log.list();
  }

  currentIncident(): IncidentRecord | null {
    const open = this.log.current;
    return open ? structuredClone(open) : null;
  }

  /** Every server with its per-transport state on the current network, for the server list and the CLI. */
  serverStates(): ServerState[] {
    const now = this.now();
    return this.catalog.servers.map((server) => {
      const block = this.memory.serverBlock(this.networkKey, server.key, now);
      return {
        key: server.key,
        name: server.name,
        country: server.country,
        hosts: [...server.hosts],
        profileIds: [...server.profileIds],
        blockedUntil: block?.blockedUntil ?? null,
        transports: server.transports.map((transport) => {
          const c = { profileId: '', endpointIndex: 0, serverKey: server.key, transport };
          const cool = this.memory.coolDown(this.networkKey, c, now);
          return {
            transport: { ...transport },
            label: transportLabel(transport),
            coolingUntil: cool?.until ?? null,
            why: cool?.why ?? null,
            lastSuccessAt: this.memory.lastSuccess(this.networkKey, c, now)?.at ?? null,
          };
        }),
      };
    });
  }

  /** Writes memory now (on quit, after forgetting a network). */
  async flush(): Promise<void> {
    this.cancelSave?.();
    this.cancelSave = null;
    await this.save();
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

  private plan(options: { candidates?: readonly Candidate[]; avoid?: Candidate | null; ignoreVetoes?: boolean }): Plan {
    const s = this.settings();
    const now = this.now();
    const net = this.networkKey;
    const preferred = this.preferredServer();
    let candidates = options.candidates ?? this.catalog.candidates;
    if (!s.enabled && !options.candidates) {
      // Failover off: stay with the profile the user chose, across its own endpoints only.
      const profile = this.sessionProfile ?? this.pendingFrom?.profileId ?? this.current?.profileId;
      candidates = profile ? this.catalog.candidatesOf(profile) : candidates;
    }
    const reference = preferred ?? this.pendingFrom?.serverKey ?? this.current?.serverKey ?? null;
    const avoid = options.avoid;
    return planCandidates({
      candidates,
      // An explicit choice may use a protocol the order leaves out; the order still ranks its endpoints.
      protocolOrder: options.ignoreVetoes ? [...s.protocolOrder, ...ALL_FAMILIES] : s.protocolOrder,
      preferredServer: preferred,
      referenceCountry: reference ? (this.catalog.server(reference)?.country ?? null) : null,
      countryOf: (key) => this.catalog.server(key)?.country ?? null,
      coolDown: (c) => this.memory.coolDown(net, c, now),
      lastSuccessAt: (c) => this.memory.lastSuccess(net, c, now)?.at,
      latencyMs: (c) => this.deps.latencyMs?.(c) ?? this.memory.lastSuccess(net, c, now)?.ms,
      allowed: options.ignoreVetoes ? undefined : this.deps.allowed,
      avoid: avoid && s.enabled ? (c) => sameCandidate(c, avoid) : undefined,
    });
  }

  private raceStep(candidates: Candidate[]): FailoverStep {
    const s = this.settings();
    this.round += 1;
    const targets = candidates.map((c) => {
      const v = this.catalog.view(c);
      return `${v.serverName} over ${v.transportLabel}`;
    });
    return {
      kind: 'race',
      round: this.round,
      candidates,
      staggerMs: s.staggerMs,
      attemptTimeoutMs: sensitivityPreset(s.sensitivity).attemptTimeoutMs,
      reason: failoverMessage('failover.trying', { targets: targets.join(', '), count: candidates.length }),
    };
  }

  private waitStep(ms: number): FailoverStep {
    const code = this.waitingFor === 'network' ? 'failover.waiting-network' : 'failover.waiting-cooldown';
    return {
      kind: 'wait',
      ms,
      waitingFor: this.waitingFor,
      reason: failoverMessage(code, { secondsLeft: Math.ceil(ms / 1000) }),
    };
  }

  private allFailed<T>(losses: RaceLoss<Candidate>[], round: number): RoundResult<T> {
    const now = this.now();
    const failed = losses.filter((l) => l.outcome !== 'cancelled' && classifyFailure(l.reason).cls === 'failed');
    const evidence = failed.map((l) => l.candidate);
    if (this.pendingFrom) evidence.push(this.pendingFrom);
    const verdict = judgeFailedRound({ failed: evidence, usable: this.usableAtStep });
    if (verdict === 'network-down') {
      // Refusals are about the server's encryption, not reachability: they are remembered either way.
      this.recordLosses(
        losses.filter((l) => !failed.includes(l)),
        round,
        true,
      );
      for (const l of failed) this.attempt(l.candidate, l.outcome as AttemptOutcome, reasonText(l.reason), l.ms, round);
      this.pendingFrom = null;
      const delay = this.nextBackoff();
      this.waitUntil = now + delay;
      this.waitingFor = 'network';
      this.coolingRetryArmed = false;
      this.endRound('network-down');
      const step = this.waitStep(delay);
      return {
        verdict: 'network-down',
        waitMs: delay,
        reason: step.kind === 'wait' ? step.reason : failoverMessage('failover.waiting-network', {}),
      };
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
      this.attempt(l.candidate, l.outcome === 'failed' ? 'failed' : l.outcome, reasonText(l.reason), l.ms, round);
      if (!remember || l.outcome === 'cancelled' || failure.cls === 'cancelled' || failure.cls === 'needs-user')
        continue;
      this.memory.recordFailure(this.networkKey, l.candidate, now, failure.cls);
    }
  }

  private attempt(c: Candidate, outcome: AttemptOutcome, reason: string, ms: number, round: number): void {
    this.log.addAttempt({ candidate: this.catalog.view(c), outcome, reason, ms: Math.round(ms), round });
  }

  private endRound(verdict: 'won' | 'failed' | 'network-down' | 'needs-user' | 'cancelled'): void {
    this.log.addRound(verdict, this.now());
    this.emitIncident(this.log.current);
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
    const closed = this.log.current ? this.closeIncident('needs-user') : null;
    if (closed) {
      this.notify(this.policy.onNeedsUser(closed, stop.reason, this.now()));
      this.emitIncident(closed);
    }
    return stop;
  }

  private closeIncident(ending: 'landed' | 'needs-user' | 'stopped', landedOn?: Candidate): IncidentRecord | null {
    this.cancelUnresolved?.();
    this.cancelUnresolved = null;
    const closed = this.log.close(ending, this.now(), landedOn ? this.catalog.view(landedOn) : null);
    if (closed && ending === 'stopped') this.emitIncident(closed);
    return closed;
  }

  private resetSession(): void {
    this.current = null;
    this.pendingFrom = null;
    this.needsUser = null;
    this.sessionPreferred = null;
    this.sessionProfile = null;
    this.round = 0;
    this.governor.reset();
    this.resetBackoff();
  }

  private resetBackoff(): void {
    this.backoffAttempt = 0;
    this.waitUntil = null;
    this.coolingRetryArmed = false;
  }

  private nextBackoff(): number {
    const delay = backoffDelay(
      this.backoffAttempt,
      this.deps.random ?? Math.random,
      this.deps.backoff ?? DEFAULT_BACKOFF,
    );
    this.backoffAttempt += 1;
    return delay;
  }

  private syncPolicy(): void {
    const s = this.settings();
    this.policy.setTimings({ quietWindowMs: s.quietWindowMs, unresolvedAfterMs: s.unresolvedNoticeAfterMs });
  }

  private scheduleUnresolved(): void {
    this.cancelUnresolved?.();
    this.cancelUnresolved = null;
    const incident = this.log.current;
    if (!incident) return;
    const due = this.policy.unresolvedDueAt(incident);
    if (due === null) return;
    this.cancelUnresolved = this.deps.clock.setTimeout(
      () => {
        this.cancelUnresolved = null;
        if (this.log.current !== incident) return;
        const notification = this.policy.onUnresolvedDue(incident, this.now());
        if (notification) {
          this.notify(notification);
          this.emitIncident(incident);
        } else {
          this.scheduleUnresolved();
        }
      },
      Math.max(0, due - this.now()),
    );
  }

  private notify(notification: FailoverNotification | null): void {
    if (notification) this.deps.onNotification?.(notification);
  }

  private emitIncident(incident: IncidentRecord | null): void {
    if (incident) this.deps.onIncident?.(structuredClone(incident));
  }

  private scheduleSave(): void {
    if (!this.deps.store || this.cancelSave) return;
    this.cancelSave = this.deps.clock.setTimeout(() => {
      this.cancelSave = null;
      void this.save();
    }, this.deps.saveDelayMs ?? 2000);
  }

  private save(): Promise<void> {
    const store = this.deps.store;
    if (!store) return Promise.resolve();
    this.saving = this.saving
      .then(() => store.save(this.memory.toJSON(this.now())))
      .catch((err: unknown) =>
        this.deps.onProblem?.(`${store.label ?? 'failover memory'} could not be saved: ${reasonText(err)}`),
      );
    return this.saving;
  }
}

const ALL_FAMILIES = ['wireguard-udp', 'openvpn-udp', 'openvpn-tcp'];

function describeRefusals(plan: Plan, total: number): string {
  if (total === 0) return 'no profile has a server address; import a WireGuard or OpenVPN profile';
  const vetoed = plan.refused.find((r) => r.why === 'not-allowed');
  if (vetoed && plan.refused.every((r) => r.why === 'not-allowed')) return vetoed.reason;
  if (plan.refused.every((r) => r.why === 'protocol-not-allowed'))
    return 'every protocol of your profiles is left out of the failover protocol order';
  return `${plan.refused.length} candidates are left out by your protocol order or minimum encryption`;
}
