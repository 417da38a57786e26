import type { FailoverEngine } from './failover/engine';
import { withStandby } from './failover/sensitivity';
import type { HealthTimings } from './health-monitor';
import { sameCandidate } from './failover/types';
import type { OpenTunnel, TunnelLauncher } from './tunnel-launcher';

export interface HotStandbyDeps {
  launcher: TunnelLauncher;
  failover: FailoverEngine;
  /** Lets the kill switch allow the live tunnel's server and the standby's. */
  allow(tunnels: readonly OpenTunnel['candidate'][]): Promise<void>;
  log(level: 'info' | 'warn', message: string): void;
}

/**
 * Keeps at most one proven, route-less tunnel to the candidate failover would pick next, so a drop becomes a
 * switch to a tunnel that already carries data (the controller promotes it) instead of a race.
 */
export class HotStandby {
  private tunnel: OpenTunnel | null = null;

  constructor(private readonly deps: HotStandbyDeps) {}

  /** A false alarm with a proven standby costs one switch to a tunnel that already works: listen closer. */
  timings(base: HealthTimings): HealthTimings {
    return this.tunnel ? withStandby(base) : base;
  }

  /**
   * Brings the standby up next to `current`. `stillWanted` is asked once it is up: a connection that moved on
   * meanwhile gets no standby. Failures are logged, never thrown: the standby is a bonus.
   */
  async prepare(current: OpenTunnel, signal: AbortSignal, stillWanted: () => boolean): Promise<void> {
    const candidate = this.deps.failover.standbyCandidate();
    if (!candidate || this.tunnel || sameCandidate(candidate, current.candidate)) return;
    try {
      await this.deps.allow([current.candidate, candidate]);
      const standby = await this.deps.launcher.open(candidate, { full: false, signal });
      if (!stillWanted()) {
        await standby.stop();
        return;
      }
      this.tunnel = standby;
      this.deps.log('info', `hot standby ready through ${standby.profile.name}`);
    } catch (err) {
      if (stillWanted() && !signal.aborted)
        this.deps.log('warn', `hot standby not available: ${(err as Error).message}`);
    }
  }

  /** Hands the standby over (for promotion); the holder is empty afterwards. */
  take(): OpenTunnel | null {
    const standby = this.tunnel;
    this.tunnel = null;
    return standby;
  }

  async release(): Promise<void> {
    await this.take()?.stop();
  }
}
