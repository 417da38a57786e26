import type { Clock } from '../clock';
import { HoldfastError, toErrorPayload, type ErrorPayload } from '../errors';
import type { EventHub } from '../events';
import type { Profile } from '../profiles/types';
import type { Settings } from '../settings/schema';
import type { NegotiatedSecurity, TunnelDriver, TunnelSession, TunnelCredentials } from '../tunnel/driver';
import { BALANCED_TIMINGS, HealthMonitor, type HealthTimings } from './health-monitor';
import { initialSnapshot, type ConnectionSnapshot, type ConnectionState, type LiveStatus } from './state';
import type { SecurityVerdict } from './security-gate';

export interface ProfileSource {
  get(id: string): Promise<Profile>;
  list(): Promise<Profile[]>;
  openSecrets(id: string): Promise<Record<string, string>>;
}

export interface ConnectionControllerDeps {
  clock: Clock;
  hub: EventHub;
  drivers: Partial<Record<Profile['kind'], TunnelDriver>>;
  profiles: ProfileSource;
  settings: () => Settings;
  /** Sends one probe through the tunnel; true when it was answered. */
  probe: (target: string, timeoutMs: number) => Promise<boolean>;
  runtimeDir: string;
  timings?: HealthTimings;
  /** Rates negotiated encryption and checks it against the user's minimum. */
  securityGate?: (security: NegotiatedSecurity, settings: Settings) => SecurityVerdict;
  /** Asked when a profile needs a username and password. */
  credentials?: (profile: Profile) => Promise<TunnelCredentials | undefined>;
}

const READY_TIMEOUT_MS = 20_000;
const PROBE_RETRY_MS = 300;
const RECONNECT_BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];

/** Stops an attempt that a newer connect or a disconnect has superseded. */
class Superseded extends Error {}

/**
 * The connection state machine: connecting -> connected -> reconnecting -> connected ... until the user
 * disconnects, or failed when it needs the user (bad credentials, missing binaries, weak encryption).
 * Every transition is emitted with a time and a reason. One attempt runs at a time; a newer command
 * supersedes the older attempt through the generation counter.
 */
export class ConnectionController {
  private snap: ConnectionSnapshot;
  private generation = 0;
  private session: TunnelSession | null = null;
  private sessionProfile: Profile | null = null;
  private stopLoop: (() => void) | null = null;
  private attempt: Promise<void> = Promise.resolve();
  private readonly cancelWaiters = new Set<() => void>();
  private readonly timings: HealthTimings;

  constructor(private readonly deps: ConnectionControllerDeps) {
    this.timings = deps.timings ?? BALANCED_TIMINGS;
    this.snap = initialSnapshot(this.iso());
  }

  snapshot(): ConnectionSnapshot {
    return structuredClone(this.snap);
  }

  /**
   * Validates the request, then connects in the background; returns the `connecting` snapshot.
   * Problems the user must fix (unknown profile, missing binary, no privileges) are thrown at once.
   */
  async start(profileId?: string): Promise<ConnectionSnapshot> {
    const profile = await this.pickProfile(profileId);
    const driver = this.deps.drivers[profile.kind];
    if (!driver) {
      throw new HoldfastError(
        'tunnel-failed',
        `${profile.kind} profiles cannot be connected by this version of Holdfast`,
        {
          kind: profile.kind,
        },
      );
    }
    const problems = await driver.preflight();
    const first = problems[0];
    if (first) {
      throw new HoldfastError(first.code, first.message, {
        ...(first.binary ? { binary: first.binary } : {}),
        ...(first.debianPackage ? { package: first.debianPackage } : {}),
      });
    }
    const generation = await this.supersede('switching to another profile');
    this.sessionProfile = profile;
    this.transition('connecting', profile, `connecting to ${profile.name}`);
    this.attempt = this.run(generation, profile, driver);
    return this.snapshot();
  }

  /** Connects and resolves once the first attempt has settled (connected or failed). */
  async connect(profileId?: string): Promise<ConnectionSnapshot> {
    await this.start(profileId);
    await this.settled();
    return this.snapshot();
  }

  async disconnect(reason = 'you disconnected'): Promise<ConnectionSnapshot> {
    const wasActive = this.snap.state !== 'disconnected';
    await this.supersede(reason);
    if (wasActive || this.snap.state !== 'disconnected') {
      this.snap.live = null;
      this.snap.connectedAt = null;
      this.transition('disconnected', this.sessionProfile, reason);
    }
    return this.snapshot();
  }

  /** Resolves when the current attempt is connected, failed or superseded. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      if (this.snap.state === 'connected' || this.snap.state === 'failed' || this.snap.state === 'disconnected') {
        resolve();
        return;
      }
      const off = this.deps.hub.on((event) => {
        if (event.type !== 'state') return;
        if (event.state === 'connected' || event.state === 'failed' || event.state === 'disconnected') {
          off();
          resolve();
        }
      });
    });
  }

  private async pickProfile(profileId?: string): Promise<Profile> {
    if (profileId) return this.deps.profiles.get(profileId);
    const all = await this.deps.profiles.list();
    const preferred = all.find((p) => p.id === this.snap.profileId) ?? all[0];
    if (!preferred) throw new HoldfastError('no-profiles', 'No profiles yet: import a WireGuard or OpenVPN file first');
    return preferred;
  }

  /** Ends whatever runs now (loop, session) and returns the new generation. */
  private async supersede(reason: string): Promise<number> {
    this.generation += 1;
    const generation = this.generation;
    for (const cancel of [...this.cancelWaiters]) cancel();
    this.stopLoop?.();
    this.stopLoop = null;
    const session = this.session;
    this.session = null;
    if (session) {
      this.log('info', `stopping tunnel ${session.interfaceName}: ${reason}`);
      await session.stop();
    }
    await this.attempt.catch(() => undefined);
    return generation;
  }

  private async run(generation: number, profile: Profile, driver: TunnelDriver): Promise<void> {
    let failures = 0;
    let everConnected = false;
    for (;;) {
      try {
        await this.establish(generation, profile, driver);
        everConnected = true;
        failures = 0;
        const reason = await this.watch(generation);
        this.check(generation);
        this.transition('reconnecting', profile, reason);
        await this.dropSession();
      } catch (err) {
        if (err instanceof Superseded || generation !== this.generation) return;
        await this.dropSession();
        const payload = toErrorPayload(err);
        if (needsUser(payload)) {
          this.fail(profile, payload);
          return;
        }
        failures += 1;
        const wait = RECONNECT_BACKOFF_MS[Math.min(failures - 1, RECONNECT_BACKOFF_MS.length - 1)] ?? 30_000;
        // Never give up silently: the state says what went wrong and when the next try is.
        this.transition(
          everConnected ? 'reconnecting' : 'connecting',
          profile,
          `${payload.message}; trying again in ${Math.round(wait / 1000)} s`,
          payload,
        );
        await this.unlessSuperseded(generation, this.deps.clock.sleep(wait));
        this.check(generation);
      }
    }
  }

  private async establish(generation: number, profile: Profile, driver: TunnelDriver): Promise<void> {
    const secrets = await this.deps.profiles.openSecrets(profile.id);
    const credentials = this.deps.credentials ? await this.deps.credentials(profile) : undefined;
    this.check(generation);
    const session = await driver.start({ profile, secrets, runtimeDir: this.deps.runtimeDir, credentials });
    if (generation !== this.generation) {
      await session.stop();
      throw new Superseded();
    }
    this.session = session;
    const negotiated: { security?: NegotiatedSecurity; authFailed?: string; exited?: string } = {};
    session.onEvent((event) => {
      if (event.type === 'negotiated') negotiated.security = event.security;
      if (event.type === 'auth-failed') negotiated.authFailed = event.message;
      if (event.type === 'exited') negotiated.exited = event.reason;
      if (event.type === 'log') this.log(event.level, event.message);
    });
    await this.unlessSuperseded(
      generation,
      withTimeout(
        session.ready(),
        READY_TIMEOUT_MS,
        this.deps.clock,
        () =>
          new HoldfastError(
            'tunnel-failed',
            `${profile.name} did not complete a handshake within ${READY_TIMEOUT_MS / 1000} s`,
          ),
      ),
    );
    this.check(generation);
    if (negotiated.authFailed) throw new HoldfastError('auth-failed', negotiated.authFailed);
    await this.proveDataFlows(generation, profile, session);
    const security = negotiated.security;
    if (security && this.deps.securityGate) {
      const verdict = this.deps.securityGate(security, this.deps.settings());
      this.snap.security = { profile: profile.id, ...verdict.event };
      this.deps.hub.emit({ type: 'security', at: this.iso(), profile: profile.id, ...verdict.event });
      if (!verdict.allowed)
        throw new HoldfastError('encryption-too-weak', verdict.reason ?? 'encryption below your minimum');
    }
    this.snap.connectedAt = this.iso();
    this.transition('connected', profile, `data flows both ways through ${profile.name}`);
  }

  /** "Connected" is earned: a probe must come back through the tunnel, not merely a handshake. */
  private async proveDataFlows(generation: number, profile: Profile, session: TunnelSession): Promise<void> {
    const settings = this.deps.settings();
    const target = settings.health.probeTarget || session.probeTarget();
    if (!target) {
      throw new HoldfastError(
        'no-data-through-tunnel',
        `${profile.name} gives no address to check the tunnel with; set health.probeTarget to an address behind the server`,
      );
    }
    const deadline = this.deps.clock.now() + settings.health.connectProbeTimeoutMs;
    while (this.deps.clock.now() < deadline) {
      if (await this.unlessSuperseded(generation, this.deps.probe(target, 1000))) return;
      this.check(generation);
      // An unreachable target can fail instantly: pace the retries.
      await this.unlessSuperseded(generation, this.deps.clock.sleep(PROBE_RETRY_MS));
      this.check(generation);
    }
    throw new HoldfastError(
      'no-data-through-tunnel',
      `${profile.name} completed the handshake but nothing came back through the tunnel (checked ${target})`,
      { target },
    );
  }

  /** Polls counters and probes until the tunnel dies; resolves with the reason. */
  private watch(generation: number): Promise<string> {
    const session = this.session;
    const profile = this.sessionProfile;
    if (!session || !profile) return Promise.reject(new Superseded());
    const startedAt = this.deps.clock.now();
    const monitor = new HealthMonitor(this.timings, startedAt);
    const target = this.deps.settings().health.probeTarget || session.probeTarget();
    return new Promise<string>((resolve, reject) => {
      let busy = false;
      let probing = false;
      let lastPoll = Number.NEGATIVE_INFINITY;
      const finish = (outcome: string | Error): void => {
        stop();
        offEvents();
        if (this.stopLoop === stopAndReject) this.stopLoop = null;
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const offEvents = session.onEvent((event) => {
        if (event.type === 'exited') finish(`the tunnel process ended: ${event.reason}`);
        if (event.type === 'reconnecting') finish(`the server connection was lost: ${event.reason}`);
        if (event.type === 'auth-failed') finish(new HoldfastError('auth-failed', event.message));
      });
      const tick = async (): Promise<void> => {
        if (busy || generation !== this.generation) return;
        busy = true;
        try {
          const now = this.deps.clock.now();
          if (now - lastPoll >= this.deps.settings().health.pollIntervalMs) {
            lastPoll = now;
            const status = await session.status();
            const live: LiveStatus = {
              interfaceName: status.interfaceName,
              endpoint: status.endpoint,
              tunnelAddresses: status.tunnelAddresses,
              rxBytes: status.rxBytes,
              txBytes: status.txBytes,
              handshakeAgeMs: status.handshakeAgeMs,
              uptimeMs: now - startedAt,
            };
            this.snap.live = live;
            this.deps.hub.emit({ type: 'status', at: this.iso(), profile: profile.id, ...live });
            const verdict = monitor.observe({ at: now, ...status });
            if (verdict.kind === 'slept')
              this.log(
                'info',
                `the computer was asleep for ${Math.round(verdict.gapMs / 1000)} s; checking the tunnel`,
              );
          }
          if (target && !probing && monitor.shouldProbe(now)) {
            monitor.probeSent(now);
            probing = true;
            void this.deps.probe(target, 1000).then((ok) => {
              probing = false;
              monitor.probeAnswered(ok, this.deps.clock.now());
            });
          }
          const verdict = monitor.evaluate(this.deps.clock.now());
          if (verdict.kind === 'dead') finish(verdict.reason);
        } catch (err) {
          finish(`the tunnel stopped answering: ${(err as Error).message}`);
        } finally {
          busy = false;
        }
      };
      const stop = this.deps.clock.setInterval(() => void tick(), Math.min(250, this.timings.probeEveryMs));
      const stopAndReject = (): void => finish(new Superseded());
      this.stopLoop = stopAndReject;
      void tick();
    });
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    this.snap.live = null;
    if (session) await session.stop();
  }

  private fail(profile: Profile, error: ErrorPayload): void {
    this.snap.connectedAt = null;
    this.transition('failed', profile, error.message, error);
  }

  /** Waits for `promise` unless a newer command supersedes this attempt first. */
  private unlessSuperseded<T>(generation: number, promise: Promise<T>): Promise<T> {
    if (generation !== this.generation) return Promise.reject(new Superseded());
    return new Promise<T>((resolve, reject) => {
      const cancel = (): void => {
        this.cancelWaiters.delete(cancel);
        reject(new Superseded());
      };
      this.cancelWaiters.add(cancel);
      promise.then(
        (value) => {
          this.cancelWaiters.delete(cancel);
          resolve(value);
        },
        (err: unknown) => {
          this.cancelWaiters.delete(cancel);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private check(generation: number): void {
    if (generation !== this.generation) throw new Superseded();
  }

  private transition(state: ConnectionState, profile: Profile | null, reason: string, error?: ErrorPayload): void {
    const at = this.iso();
    this.snap = {
      ...this.snap,
      state,
      profileId: profile?.id ?? null,
      profileName: profile?.name ?? null,
      reason,
      since: at,
      error: error ?? null,
      live: state === 'disconnected' ? null : this.snap.live,
      security:
        state === 'disconnected' || state === 'connecting'
          ? state === 'connecting' && this.snap.state === 'connecting'
            ? this.snap.security
            : null
          : this.snap.security,
    };
    this.deps.hub.emit({ type: 'state', at, state, profile: profile?.id ?? null, reason, ...(error ? { error } : {}) });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.hub.emit({ type: 'log', at: this.iso(), level, message });
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** Problems that retrying cannot fix: the user has to act. */
function needsUser(error: ErrorPayload): boolean {
  return [
    'auth-failed',
    'credentials-needed',
    'encryption-too-weak',
    'binary-missing',
    'not-privileged',
    'profile-not-found',
  ].includes(error.code);
}

function withTimeout<T>(promise: Promise<T>, ms: number, clock: Clock, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = clock.setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (err: unknown) => {
        cancel();
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
