import type { Clock } from '../clock';
import { toErrorPayload } from '../errors';
import type { EventHub } from '../events';
import type { Profile } from '../profiles/types';
import type { Settings } from '../settings/schema';
import { allowOnlyCandidates } from './allowed-candidates';
import { ConnectionReporter } from './connection-reporter';
import type { FailoverEngine } from './failover/engine';
import type { Candidate } from './failover/types';
import { openWithinDeadline } from './first-attempt-deadline';
import type { HealthTimings } from './health-monitor';
import { HotStandby } from './hot-standby';
import type { KillSwitchGuard } from './kill-switch-guard';
import { firstCandidate, needsUser, startProfile } from './start-checks';
import { stateForStep, type ConnectionSnapshot } from './state';
import { Superseded, Supersession } from './supersession';
import type { OpenTunnel, ProfileSource, TunnelLauncher } from './tunnel-launcher';
import { watchTunnel, type TunnelDeath, type Watch } from './tunnel-watch';
import type { LinkSignals } from '../system/link-signals';
import { WindingDown } from './winding-down';

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

/**
 * The connection state machine: connecting -> connected -> (failing-over | reconnecting) -> connected ...
 * until the user disconnects, or failed when it needs the user (bad credentials, missing binaries, weak
 * encryption). Every transition is emitted with a time and a reason (connection-reporter.ts). What to try
 * next is the failover engine's decision; bringing tunnels up is the launcher's; this class sequences them.
 * A newer command supersedes an older attempt through a generation and an abort signal (supersession.ts).
 */
export class ConnectionController {
  private readonly report: ConnectionReporter;
  private readonly supersession = new Supersession();
  private current: OpenTunnel | null = null;
  /** Hot standby: a proven, route-less tunnel to the next candidate, so failover skips the race. */
  private readonly standby: HotStandby;
  private watch: Watch | null = null;
  private attempt: Promise<void> = Promise.resolve();
  /** A race's losers and released probe tunnels: a disconnect waits for them to stop. */
  private readonly windingDown = new WindingDown();
  private displayProfile: Profile | null = null;

  constructor(private readonly deps: ConnectionControllerDeps) {
    this.report = new ConnectionReporter(deps.hub, deps.clock);
    this.standby = new HotStandby({
      launcher: deps.launcher,
      failover: deps.failover,
      allow: (candidates) => allowOnlyCandidates(deps, candidates),
      log: (level, message) => this.report.log(level, message),
    });
  }

  snapshot(): ConnectionSnapshot {
    return this.report.snapshot();
  }

  /**
   * Validates the request, then connects in the background; returns the `connecting` snapshot.
   * Problems the user must fix (unknown profile, no profiles) are thrown at once.
   */
  async start(profileId?: string): Promise<ConnectionSnapshot> {
    const all = await this.deps.profiles.list();
    this.deps.failover.setProfiles(all);
    const profile = await startProfile(this.deps, profileId, all, this.report.view.profileId);
    const generation = await this.supersede('switching to another profile');
    this.displayProfile = profile;
    this.report.transition('connecting', profile, `connecting to ${profile.name}`);
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
    const wasActive = this.report.view.state !== 'disconnected';
    await this.supersede(reason);
    await this.deps.failover.end();
    await this.deps.guard.release();
    if (wasActive) this.report.disconnected(this.displayProfile, reason);
    return this.snapshot();
  }

  /** Resolves when the current attempt is connected, failed or superseded. */
  settled(): Promise<void> {
    return this.report.settled();
  }

  /** Ends whatever runs now (watch, tunnel, attempt, the race's losers) and returns the new generation. */
  private async supersede(reason: string): Promise<number> {
    this.supersession.advance();
    this.watch?.stop();
    this.watch = null;
    await this.standby.release();
    const tunnel = this.current;
    this.current = null;
    if (tunnel) {
      this.report.log('info', `stopping tunnel ${tunnel.session.interfaceName}: ${reason}`);
      await tunnel.stop();
    }
    await this.attempt.catch(() => undefined);
    await this.windingDown.settled();
    return this.supersession.current;
  }

  private async run(generation: number, profile: Profile, all: Profile[]): Promise<void> {
    const { failover, guard } = this.deps;
    try {
      await guard.prepare(all);
      const first = firstCandidate(failover, profile);
      const firstAt = this.deps.clock.now();
      try {
        await this.land(generation, first, null, undefined, failover.firstAttemptTimeoutMs());
      } catch (err) {
        if (this.supersession.isSuperseded(err, generation)) return;
        const payload = toErrorPayload(err);
        if (needsUser(payload)) return this.report.fail(profile, payload);
        this.report.log('warn', `could not connect to ${profile.name}: ${payload.message}`);
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
        this.report.drop(lost, death);
        failover.lost({ ...death, from: lost?.candidate ?? null });
        this.current = null;
        // The dead tunnel goes; the kill switch keeps traffic blocked until the next one is up.
        await lost?.stop();
        this.supersession.check(generation);
        if (await this.landOnStandby(generation, lost?.profile.name ?? null)) continue;
        if (!(await this.failover(generation, true))) return;
      }
    } catch (err) {
      if (this.supersession.isSuperseded(err, generation)) return;
      this.report.fail(this.displayProfile ?? profile, toErrorPayload(err));
    }
  }

  /** Runs failover rounds until a tunnel is up (true) or the user is needed (false). */
  private async failover(generation: number, wasConnected: boolean): Promise<boolean> {
    const { failover } = this.deps;
    const { supersession } = this;
    const from = this.report.view.profileName;
    for (;;) {
      supersession.check(generation);
      const step = failover.nextStep();
      if (step.kind === 'needs-user') {
        this.report.fail(this.displayProfile, { ...step.error, message: step.reason.text });
        return false;
      }
      // A failure with a known cause (the server insists on compression) stays in view while Holdfast keeps
      // trying, so the window, `holdfast status` and the log say why instead of only "connecting".
      const cause = failover.knownCause() ?? undefined;
      this.report.transition(
        stateForStep(step, wasConnected, this.report.view.profileId),
        this.displayProfile,
        step.reason.text,
        cause,
      );
      if (step.kind === 'wait') {
        await supersession.unlessSuperseded(generation, failover.wait(step.ms, supersession.signal));
        continue;
      }
      await allowOnlyCandidates(this.deps, step.candidates);
      const round = await supersession.unlessSuperseded(
        generation,
        failover.race(step, (candidate, signal) => this.openProbe(candidate, signal), {
          signal: supersession.signal,
          onLateSuccess: (probe) => void this.windingDown.track(probe.stop()),
        }),
      );
      if (round.verdict === 'cancelled') throw new Superseded();
      if (round.verdict === 'needs-user') {
        this.report.fail(this.displayProfile, { ...round.error, message: round.reason.text });
        return false;
      }
      if (round.verdict !== 'won') continue;
      try {
        // The winning probe tunnel becomes the real one (in place where the driver can).
        await this.land(generation, round.candidate, from, round.value);
        return true;
      } catch (err) {
        if (supersession.isSuperseded(err, generation)) throw new Superseded();
        failover.landingFailed(round.candidate, err);
      }
    }
  }

  /** A race candidate's probe tunnel; what it showed coming up is remembered as passive latency, winner or not. */
  private async openProbe(candidate: Candidate, signal: AbortSignal): Promise<OpenTunnel> {
    const tunnel = await this.windingDown.track(this.deps.launcher.open(candidate, { full: false, signal }));
    this.deps.failover.recordTimings(candidate.serverKey, tunnel.timings);
    return tunnel;
  }

  /** Brings the real tunnel up on a candidate that proved itself, or the first choice within `deadlineMs`; goes live. */
  private async land(
    generation: number,
    candidate: Candidate,
    fromName: string | null,
    proven?: OpenTunnel,
    deadlineMs: number | null = null,
  ): Promise<void> {
    const started = this.deps.clock.now();
    try {
      await allowOnlyCandidates(this.deps, [candidate]);
    } catch (err) {
      // The proven tunnel is ours to stop until the launcher takes it over: nobody else holds it.
      await proven?.stop().catch(() => undefined);
      throw err;
    }
    const signal = this.supersession.signal;
    const tunnel = proven
      ? await this.deps.launcher.promote(proven, signal)
      : await openWithinDeadline(this.deps, candidate, signal, deadlineMs);
    if (generation !== this.supersession.current) {
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
    this.report.landed(tunnel, { fromName, incident, why: this.deps.failover.disguiseReason(candidate) });
    if (this.deps.settings().failover.hotStandby) {
      void this.standby.prepare(
        tunnel,
        this.supersession.signal,
        () => generation === this.supersession.current && this.current === tunnel,
      );
    }
  }

  /** With a proven standby, failover is one step: the standby's candidate becomes the tunnel. */
  private async landOnStandby(generation: number, fromName: string | null): Promise<boolean> {
    const standby = this.standby.take();
    if (!standby) return false;
    this.report.transition(
      'failing-over',
      this.displayProfile,
      `switching to the standby tunnel through ${standby.profile.name}`,
    );
    try {
      await this.land(generation, standby.candidate, fromName, standby);
      return true;
    } catch (err) {
      if (this.supersession.isSuperseded(err, generation)) throw new Superseded();
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
      onStatus: (live) => this.report.status(tunnel.profile.id, live),
      onLog: (level, message) => this.report.log(level, message),
    });
    return this.supersession.unlessSuperseded(generation, this.watch.dead);
  }
}
