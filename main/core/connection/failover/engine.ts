import { randomUUID } from 'node:crypto';
import type { ErrorPayload } from '../../errors';
import type { DisguiseReason } from '../../disguise/disguised-route';
import type { HealthTimings } from '../health-monitor';
import { AttemptLedger } from './attempt-ledger';
import { CatalogKeeper } from './catalog-keeper';
import { DisguiseLadder } from './disguise-ladder';
import type { EngineContext } from './engine-context';
import { EnginePlanner } from './engine-planning';
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
import { FailoverSession } from './failover-session';
import { IncidentDesk } from './incident-desk';
import type { IncidentRecord } from './incidents';
import { FailoverMemory } from './memory';
import { loadMemory } from './memory-file';
import { MemorySaver } from './memory-saver';
import { RetrySchedule, type WaitOutcome } from './retry-schedule';
import { ReturnAdvisor } from './return-advisor';
import { RoundRunner } from './round-runner';
import { sensitivityPreset } from './sensitivity';
import { serverStates } from './server-states';
import type { CatalogProfile, ServerCatalog } from './servers';
import { SessionLifecycle } from './session-lifecycle';
import type { FailoverSettings } from './settings';
import { SwitchGovernor } from './stability';
import { StepChooser } from './step-chooser';
import type { Candidate, CandidateDisguise } from './types';

/**
 * The one object the connection controller talks to, coordinating failover's parts: the server catalog
 * (catalog-keeper.ts), per-network memory, the session (failover-session.ts, session-lifecycle.ts), planning
 * (engine-planning.ts), the next step (step-chooser.ts), race rounds (round-runner.ts), what attempts teach
 * (attempt-ledger.ts), the incident log (incident-desk.ts), the disguise ladder and the switch rules. The
 * controller owns tunnels and time-outs of its own. See docs/failover.md, "Integration", for the call sequence.
 */
export class FailoverEngine {
  private readonly keeper = new CatalogKeeper();
  private networkKey = 'unknown';
  private readonly session = new FailoverSession();
  private readonly retry: RetrySchedule;
  private readonly desk: IncidentDesk;
  private readonly saver: MemorySaver;
  private readonly governor = new SwitchGovernor();
  private readonly ladder: DisguiseLadder;
  private readonly planner: EnginePlanner;
  private readonly lifecycle: SessionLifecycle;
  private readonly steps: StepChooser;
  private readonly rounds: RoundRunner;
  private readonly returns: ReturnAdvisor;

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
    const ctx: EngineContext = {
      session: this.session,
      catalog: () => this.catalog,
      networkKey: () => this.networkKey,
      settings: () => this.settings(),
      now: () => this.now(),
    };
    const { desk, governor, ladder, retry } = this;
    const planner = new EnginePlanner(ctx, { memory, ladder, allowed: deps.allowed, latencyMs: deps.latencyMs });
    const ledger = new AttemptLedger(ctx, desk, memory);
    this.planner = planner;
    this.lifecycle = new SessionLifecycle(ctx, { desk, governor, ladder, ledger, memory, planner, retry });
    this.steps = new StepChooser(ctx, { ladder, ledger, planner, retry });
    this.rounds = new RoundRunner(ctx, { clock, desk, ladder, ledger, retry });
    this.returns = new ReturnAdvisor(ctx, { desk, governor, planner });
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
    if (this.keeper.setProfiles(profiles, this.settings().servers)) this.session.relink(this.catalog);
  }

  refreshCatalog(): void {
    this.keeper.rebuild(this.settings().servers);
    this.session.relink(this.catalog);
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
    return this.lifecycle.firstAttemptTimeoutMs();
  }

  /**
   * The profile to start with when the user connects without choosing one: the best usable way onto the
   * preferred server (failover.preferredServer), or null when none is set, it no longer exists, or nothing on
   * it may be used. Connecting to a profile the user picked never goes through here: that choice wins.
   */
  preferredStart(): string | null {
    return this.planner.preferredStart();
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
    return this.lifecycle.begin(profileId);
  }

  /** Why `begin` found nothing to start with, when the reason is a setting rather than the profile. */
  noStartReason(): string | null {
    return this.lifecycle.noStartReason();
  }

  /** Data flows through `candidate`: remembered as a success; an open incident resolves. */
  landed(candidate: Candidate, options: LandedOptions = {}): IncidentRecord | null {
    return this.lifecycle.landed(candidate, options);
  }

  /** The tunnel stopped carrying data (or the first connect failed): opens an incident, or adds to it. */
  lost(input: LostInput): IncidentRecord {
    return this.lifecycle.lost(input);
  }

  /** The user disconnected: the incident (if any) ends unresolved and quietly; memory is written. */
  async end(): Promise<void> {
    this.lifecycle.end();
    await this.flush();
  }

  // ---- rounds -----------------------------------------------------------------------------------

  /** What to do now: race some candidates, wait (and why), or stop because only the user can help. */
  nextStep(): FailoverStep {
    return this.steps.next();
  }

  /**
   * Runs a race step: `tryOne` brings up a probe tunnel (no routes) for a candidate and resolves once data
   * came back through it, honouring the AbortSignal. Failures are remembered, unless every attempt failed at
   * once across servers and protocols: then the network is blamed and nothing is remembered.
   */
  race<T>(
    step: Extract<FailoverStep, { kind: 'race' }>,
    tryOne: (candidate: Candidate, signal: AbortSignal) => Promise<T>,
    options: { signal?: AbortSignal; onLateSuccess?: (value: T, candidate: Candidate) => void } = {},
  ): Promise<RoundResult<T>> {
    return this.rounds.run(step, tryOne, options);
  }

  /** The probe won but the real tunnel on that candidate failed. */
  landingFailed(candidate: Candidate, error: unknown): void {
    this.lifecycle.landingFailed(candidate, error);
  }

  /**
   * The latest failure of the current incident whose cause is known and worth telling (the server insists on
   * compression, weak encryption), or null. The controller shows it with every state while it keeps trying.
   */
  knownCause(): ErrorPayload | null {
    return this.session.cause ? { ...this.session.cause } : null;
  }

  /** Sleeps `ms`, ending early when the network changes or `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<WaitOutcome> {
    return this.retry.wait(ms, signal);
  }

  // ---- while connected: return to preferred, hot standby ----------------------------------------

  /** Poll every few seconds while connected: probe the preferred server, or switch back to it. */
  returnStep(): ReturnStep | null {
    return this.returns.step();
  }

  /** The result of a returnStep probe (or of a hot-standby tunnel on the preferred server). */
  preferredHealth(ok: boolean): void {
    this.governor.preferredObserved(ok, this.now());
  }

  /** With hot standby on: the candidate worth keeping negotiated next to the current tunnel. */
  standbyCandidate(): Candidate | null {
    return this.returns.standby();
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
    this.lifecycle.recordTimings(serverKey, timings);
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

  private get catalog(): ServerCatalog {
    return this.keeper.catalog;
  }

  private settings(): FailoverSettings {
    return this.deps.settings();
  }

  private now(): number {
    return this.deps.clock.now();
  }
}
