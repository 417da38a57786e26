import type { Clock } from '../clock';
import { HoldfastError, toErrorPayload, type ErrorPayload } from '../errors';
import type { EventHub } from '../events';
import type { Profile } from '../profiles/types';
import type { Settings } from '../settings/schema';
import type { FailoverEngine } from './failover/engine';
import { disguiseName, sameCandidate, type Candidate } from './failover/types';
import type { DisguisedRoute } from '../events';
import type { HealthTimings } from './health-monitor';
import type { KillSwitchGuard } from './kill-switch-guard';
import { initialSnapshot, stateForStep, type ConnectionSnapshot, type ConnectionState } from './state';
import { LaunchCancelled, type OpenTunnel, type ProfileSource, type TunnelLauncher } from './tunnel-launcher';
import type { LinkSignals } from '../system/link-signals';
import { HotStandby } from './hot-standby';
import { watchTunnel, type TunnelDeath, type Watch } from './tunnel-watch';

export type { ProfileSource } from './tunnel-launcher';

export interface ConnectionControllerDeps {
  clock: Clock;
  hub: EventHub;
  profiles: ProfileSource;
  settings: () => Settings;
  launcher: TunnelLauncher;
  failover: FailoverEngine;
  guard: KillSwitchGuard;
  /** The system's own tunnel counters, for detection within two seconds (see tunnel-watch.ts). */
  linkSignals?: LinkSignals;
  /** Health timings for the next tunnel (from the failover sensitivity setting). */
  timings: () => HealthTimings;
}

/** Stops an attempt that a newer connect or a disconnect has superseded. */
class Superseded extends Error {}

/**
 * The connection state machine: connecting -> connected -> (failing-over | reconnecting) -> connected ...
 * until the user disconnects, or failed when it needs the user (bad credentials, missing binaries, weak
 * encryption). Every transition is emitted with a time and a reason. What to try next is the failover
 * engine's decision; bringing tunnels up is the launcher's; this class sequences them. A newer command
 * supersedes an older attempt through the generation counter and an abort signal.
 */
export class ConnectionController {
  private snap: ConnectionSnapshot;
  private generation = 0;
  private abort = new AbortController();
  private current: OpenTunnel | null = null;
  /** Hot standby: a proven, route-less tunnel to the next candidate, so failover skips the race. */
  private readonly standby: HotStandby;
  private watch: Watch | null = null;
  private attempt: Promise<void> = Promise.resolve();
  /**
   * Race attempts and released probe tunnels still winding down. A race ends the moment it is decided or
   * stopped, while its losers are still stopping their tunnels and disguise programs: a disconnect waits for
   * them, so nothing is left behind when it returns (or when the CLI exits after it).
   */
  private readonly windingDown = new Set<Promise<unknown>>();
  private displayProfile: Profile | null = null;

  constructor(private readonly deps: ConnectionControllerDeps) {
    this.snap = initialSnapshot(this.iso());
    this.standby = new HotStandby({
      launcher: deps.launcher,
      failover: deps.failover,
      allow: (candidates) => this.allowOnly(candidates),
      log: (level, message) => this.log(level, message),
    });
  }

  snapshot(): ConnectionSnapshot {
    return structuredClone(this.snap);
  }

  /**
   * Validates the request, then connects in the background; returns the `connecting` snapshot.
   * Problems the user must fix (unknown profile, no profiles) are thrown at once.
   */
  async start(profileId?: string): Promise<ConnectionSnapshot> {
    const all = await this.deps.profiles.list();
    this.deps.failover.setProfiles(all);
    const profile = await this.pickProfile(profileId, all);
    const generation = await this.supersede('switching to another profile');
    this.displayProfile = profile;
    this.transition('connecting', profile, `connecting to ${profile.name}`);
    this.attempt = this.run(generation, profile, all);
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
    await this.deps.failover.end();
    await this.deps.guard.release();
    if (wasActive) {
      this.snap.connectedAt = null;
      this.transition('disconnected', this.displayProfile, reason);
    }
    return this.snapshot();
  }

  /** Resolves when the current attempt is connected, failed or superseded. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      if (['connected', 'failed', 'disconnected'].includes(this.snap.state)) return resolve();
      const off = this.deps.hub.on((event) => {
        if (event.type === 'state' && ['connected', 'failed', 'disconnected'].includes(event.state)) {
          off();
          resolve();
        }
      });
    });
  }

  /** `all` is already in the failover engine's catalog. */
  private async pickProfile(profileId: string | undefined, all: readonly Profile[]): Promise<Profile> {
    if (profileId) return this.deps.profiles.get(profileId);
    // One click connects: to the preferred server when the user chose one, else to the last profile used.
    const onPreferred = this.deps.failover.preferredStart();
    const preferred = all.find((p) => p.id === onPreferred) ?? all.find((p) => p.id === this.snap.profileId) ?? all[0];
    if (!preferred) throw new HoldfastError('no-profiles', 'No profiles yet: import a WireGuard or OpenVPN file first');
    return preferred;
  }

  /** Ends whatever runs now (watch, tunnel, attempt) and returns the new generation. */
  private async supersede(reason: string): Promise<number> {
    this.generation += 1;
    this.abort.abort();
    this.abort = new AbortController();
    this.watch?.stop();
    this.watch = null;
    await this.standby.release();
    const tunnel = this.current;
    this.current = null;
    if (tunnel) {
      this.log('info', `stopping tunnel ${tunnel.session.interfaceName}: ${reason}`);
      await tunnel.stop();
    }
    await this.attempt.catch(() => undefined);
    await Promise.allSettled([...this.windingDown]);
    return this.generation;
  }

  private async run(generation: number, profile: Profile, all: Profile[]): Promise<void> {
    const { failover, guard } = this.deps;
    try {
      await guard.prepare(all);
      const first = failover.begin(profile.id);
      if (!first) {
        const why = failover.noStartReason() ?? `${profile.name} has no server address to connect to`;
        throw new HoldfastError('tunnel-failed', why);
      }
      const firstAt = this.deps.clock.now();
      try {
        await this.land(generation, first, null, undefined, failover.firstAttemptTimeoutMs());
      } catch (err) {
        if (this.isSuperseded(err, generation)) return;
        const payload = toErrorPayload(err);
        if (needsUser(payload)) return this.fail(profile, payload);
        this.log('warn', `could not connect to ${profile.name}: ${payload.message}`);
        // The incident starts when the user connected: the time the first attempt took counts as theirs.
        const detectedAfterMs = this.deps.clock.now() - firstAt;
        failover.lost({
          detectedBy: 'connect-failed',
          detail: payload.message,
          error: err,
          from: first,
          detectedAfterMs,
        });
        if (!(await this.failover(generation, false))) return;
      }
      for (;;) {
        const death = await this.waitForDeath(generation);
        const lost = this.current;
        this.emitDrop(lost, death);
        failover.lost({ ...death, from: lost?.candidate ?? null });
        this.current = null;
        // The dead tunnel goes; the kill switch keeps traffic blocked until the next one is up.
        await lost?.stop();
        this.check(generation);
        if (await this.landOnStandby(generation, lost?.profile.name ?? null)) continue;
        if (!(await this.failover(generation, true))) return;
      }
    } catch (err) {
      if (this.isSuperseded(err, generation)) return;
      this.fail(this.displayProfile ?? profile, toErrorPayload(err));
    }
  }

  /** Runs failover rounds until a tunnel is up (true) or the user is needed (false). */
  private async failover(generation: number, wasConnected: boolean): Promise<boolean> {
    const { failover } = this.deps;
    const from = this.snap.profileName;
    for (;;) {
      this.check(generation);
      const step = failover.nextStep();
      if (step.kind === 'needs-user') {
        this.fail(this.displayProfile, { ...step.error, message: step.reason.text });
        return false;
      }
      // A failure with a known cause (the server insists on compression) stays in view while Holdfast keeps
      // trying, so the window, `holdfast status` and the log say why instead of only "connecting".
      const cause = failover.knownCause() ?? undefined;
      this.transition(
        stateForStep(step, wasConnected, this.snap.profileId),
        this.displayProfile,
        step.reason.text,
        cause,
      );
      if (step.kind === 'wait') {
        await this.unlessSuperseded(generation, failover.wait(step.ms, this.abort.signal));
        continue;
      }
      await this.allowOnly(step.candidates);
      const round = await this.unlessSuperseded(
        generation,
        failover.race(step, (candidate, signal) => this.openProbe(candidate, signal), {
          signal: this.abort.signal,
          onLateSuccess: (probe) => void this.windDown(probe.stop()),
        }),
      );
      if (round.verdict === 'cancelled') throw new Superseded();
      if (round.verdict === 'needs-user') {
        this.fail(this.displayProfile, { ...round.error, message: round.reason.text });
        return false;
      }
      if (round.verdict !== 'won') continue;
      try {
        // The winning probe tunnel becomes the real one (in place where the driver can).
        await this.land(generation, round.candidate, from, round.value);
        return true;
      } catch (err) {
        if (this.isSuperseded(err, generation)) throw new Superseded();
        failover.landingFailed(round.candidate, err);
      }
    }
  }

  /** A race candidate's probe tunnel; what it showed coming up is remembered as passive latency, winner or not. */
  private async openProbe(candidate: Candidate, signal: AbortSignal): Promise<OpenTunnel> {
    const tunnel = await this.windDown(this.deps.launcher.open(candidate, { full: false, signal }));
    this.deps.failover.recordTimings(candidate.serverKey, tunnel.timings);
    return tunnel;
  }

  /** Remembers a promise until it settles, so that `supersede` can wait for it. */
  private windDown<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.windingDown.add(settled);
    void settled.then(() => this.windingDown.delete(settled));
    return promise;
  }

  /** Brings the real tunnel up on a candidate that proved itself (or the first choice) and goes live. */
  private async land(
    generation: number,
    candidate: Candidate,
    fromName: string | null,
    proven?: OpenTunnel,
    deadlineMs: number | null = null,
  ): Promise<void> {
    const started = this.deps.clock.now();
    try {
      await this.allowOnly([candidate]);
    } catch (err) {
      // The proven tunnel is ours to stop until the launcher takes it over: nobody else holds it.
      await proven?.stop().catch(() => undefined);
      throw err;
    }
    const tunnel = proven
      ? await this.deps.launcher.promote(proven, this.abort.signal)
      : await this.openWithin(candidate, deadlineMs);
    if (generation !== this.generation) {
      await tunnel.stop();
      throw new Superseded();
    }
    this.current = tunnel;
    this.displayProfile = tunnel.profile;
    const incident = this.deps.failover.landed(candidate, {
      ms: this.deps.clock.now() - started,
      // A promoted race winner keeps what it showed while racing; a tunnel started afresh shows its own.
      ...((tunnel.timings ?? proven?.timings) ? { timings: tunnel.timings ?? proven?.timings } : {}),
    });
    const disguise = tunnel.disguise ? { disguise: tunnel.disguise } : {};
    if (tunnel.security) {
      this.snap.security = { profile: tunnel.profile.id, ...tunnel.security.event, ...disguise };
      this.deps.hub.emit({
        type: 'security',
        at: this.iso(),
        profile: tunnel.profile.id,
        ...tunnel.security.event,
        ...disguise,
      });
    }
    const why = this.deps.failover.disguiseReason(candidate);
    const route = tunnel.disguise && why ? { disguise: tunnel.disguise, why } : undefined;
    if (fromName !== null) {
      this.deps.hub.emit({
        type: 'failover',
        at: this.iso(),
        from: fromName,
        to: tunnel.profile.name,
        reason: incident?.detail ?? 'the previous server stopped working',
        ...(incident?.detectedBy ? { detectedBy: incident.detectedBy } : {}),
      });
    }
    this.snap.connectedAt = this.iso();
    const how =
      tunnel.check.strength === 'data-verified'
        ? `data flows both ways through ${tunnel.profile.name}`
        : `connected to ${tunnel.profile.name} on the handshake alone: nothing behind the server answers checks`;
    this.transition('connected', tunnel.profile, route ? `${routeSentence(route)}; ${how}` : how, undefined, route);
    if (this.deps.settings().failover.hotStandby) {
      void this.standby.prepare(
        tunnel,
        this.abort.signal,
        () => generation === this.generation && this.current === tunnel,
      );
    }
  }

  /**
   * Opens a full tunnel, giving up after `deadlineMs` (the first attempt of a session, when failover has other
   * routes to try): a handshake a censor swallows would otherwise hold the user for the driver's whole timeout.
   */
  private async openWithin(candidate: Candidate, deadlineMs: number | null): Promise<OpenTunnel> {
    if (deadlineMs === null) return this.deps.launcher.open(candidate, { full: true, signal: this.abort.signal });
    const local = new AbortController();
    const outer = this.abort.signal;
    const follow = (): void => local.abort();
    outer.addEventListener('abort', follow, { once: true });
    let timedOut = false;
    let cancel = (): void => undefined;
    // The clock starts when the tunnel does: waiting for the user to type a password is not the server's time.
    const startClock = (): void => {
      cancel = this.deps.clock.setTimeout(() => {
        timedOut = true;
        local.abort();
      }, deadlineMs);
    };
    try {
      return await this.deps.launcher.open(candidate, { full: true, signal: local.signal, onLaunch: startClock });
    } catch (err) {
      if (timedOut && !outer.aborted) {
        throw new HoldfastError('tunnel-failed', `no data came through within ${Math.round(deadlineMs / 1000)} s`);
      }
      throw err;
    } finally {
      cancel();
      outer.removeEventListener('abort', follow);
    }
  }

  /** With a proven standby, failover is one step: the standby's candidate becomes the tunnel. */
  private async landOnStandby(generation: number, fromName: string | null): Promise<boolean> {
    const standby = this.standby.take();
    if (!standby) return false;
    this.transition(
      'failing-over',
      this.displayProfile,
      `switching to the standby tunnel through ${standby.profile.name}`,
    );
    try {
      await this.land(generation, standby.candidate, fromName, standby);
      return true;
    } catch (err) {
      if (this.isSuperseded(err, generation)) throw new Superseded();
      this.deps.failover.landingFailed(standby.candidate, err);
      return false;
    }
  }

  private waitForDeath(generation: number): Promise<TunnelDeath> {
    const tunnel = this.current;
    if (!tunnel) return Promise.reject(new Superseded());
    this.watch = watchTunnel({
      tunnel,
      clock: this.deps.clock,
      timings: () => this.standby.timings(this.deps.timings()),
      pollIntervalMs: () => this.deps.settings().health.pollIntervalMs,
      linkSignals: this.deps.linkSignals,
      check: this.deps.launcher.checker(tunnel),
      onStatus: (live) => {
        this.snap.live = live;
        this.deps.hub.emit({ type: 'status', at: this.iso(), profile: tunnel.profile.id, ...live });
      },
      onLog: (level, message) => this.log(level, message),
    });
    return this.unlessSuperseded(generation, this.watch.dead);
  }

  private emitDrop(tunnel: OpenTunnel | null, death: TunnelDeath): void {
    this.snap.live = null;
    this.deps.hub.emit({
      type: 'drop',
      at: this.iso(),
      profile: tunnel?.profile.id ?? this.snap.profileId ?? '',
      reason: death.detail,
      detectedAfterMs: Math.round(death.detectedAfterMs ?? 0),
      detectedBy: death.detectedBy,
    });
  }

  /** The kill switch lets clear-text traffic reach exactly these candidates' servers. */
  private async allowOnly(candidates: readonly Candidate[]): Promise<void> {
    const unique = candidates.filter((c, i) => candidates.findIndex((d) => sameCandidate(c, d)) === i);
    const servers = await Promise.all(
      unique.map(async (c) => {
        const via = this.deps.launcher.disguiseEndpoint(c);
        return {
          profile: await this.deps.profiles.get(c.profileId),
          endpointIndex: c.endpointIndex,
          ...(via ? { via } : {}),
        };
      }),
    );
    await this.deps.guard.allowServers(servers);
  }

  private fail(profile: Profile | null, error: ErrorPayload): void {
    this.snap.connectedAt = null;
    this.snap.live = null;
    this.transition('failed', profile, error.message, error);
  }

  private isSuperseded(err: unknown, generation: number): boolean {
    return err instanceof Superseded || err instanceof LaunchCancelled || generation !== this.generation;
  }

  private check(generation: number): void {
    if (generation !== this.generation) throw new Superseded();
  }

  /** Waits for `promise` unless a newer command supersedes this attempt first. */
  private unlessSuperseded<T>(generation: number, promise: Promise<T>): Promise<T> {
    if (generation !== this.generation) return Promise.reject(new Superseded());
    const signal = this.abort.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new Superseded());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private transition(
    state: ConnectionState,
    profile: Profile | null,
    reason: string,
    error?: ErrorPayload,
    route?: DisguisedRoute,
  ): void {
    const at = this.iso();
    this.snap = {
      ...this.snap,
      state,
      profileId: profile?.id ?? null,
      profileName: profile?.name ?? null,
      reason,
      since: at,
      error: error ?? null,
      live: state === 'connected' ? this.snap.live : null,
      security:
        state === 'connected' || state === 'failing-over' || state === 'reconnecting' ? this.snap.security : null,
    };
    this.snap.route = route ?? null;
    this.deps.hub.emit({
      type: 'state',
      at,
      state,
      profile: profile?.id ?? null,
      reason,
      ...(error ? { error } : {}),
      ...(route ? { route } : {}),
    });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.hub.emit({ type: 'log', at: this.iso(), level, message });
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** The route in plain English, for the log and the CLI; the window builds its own words from `route`. */
function routeSentence(route: DisguisedRoute): string {
  const name = disguiseName(route.disguise.kind);
  if (route.why === 'always') return `connected through a disguised route (${name}), as set in Settings`;
  if (route.why === 'remembered')
    return `this network needed a disguise before; connected through a disguised route (${name})`;
  return `this network blocks VPN protocols; connected through a disguised route (${name})`;
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
    'connection-held',
  ].includes(error.code);
}
