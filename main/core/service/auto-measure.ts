import type { Clock } from '../clock';

/**
 * Measuring without being asked, only when the user turned `servers.autoMeasure` on: now and then, while
 * nothing is connected (a probe through a tunnel measures the tunnel; the kill switch would hold it anyway),
 * never more often than once per interval. Off by default, because probing a whole fleet is a fingerprint on a
 * watched network (docs/servers.md). Started by the app only: one-shot CLI commands never measure.
 */
export interface AutoMeasureDeps {
  clock: Clock;
  enabled: () => boolean;
  /** Nothing is connected or connecting, and no leftover kill switch blocks the network. */
  idle: () => Promise<boolean>;
  measure: () => Promise<unknown>;
  log?: (message: string) => void;
}

export const AUTO_MEASURE_EVERY_MS = 30 * 60_000;
/** How often the conditions are looked at; a pass itself happens at most every AUTO_MEASURE_EVERY_MS. */
export const AUTO_MEASURE_CHECK_MS = 60_000;

export class AutoMeasure {
  private lastAt = -Infinity;
  private running = false;
  private stopTimer: (() => void) | null = null;

  constructor(private readonly deps: AutoMeasureDeps) {}

  start(): void {
    if (this.stopTimer) return;
    this.stopTimer = this.deps.clock.setInterval(() => void this.check(), AUTO_MEASURE_CHECK_MS);
  }

  stop(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  /** One look at the conditions; measures when they allow. Exposed for tests and for "the setting was just turned on". */
  async check(): Promise<boolean> {
    if (this.running || !this.deps.enabled()) return false;
    if (this.deps.clock.now() - this.lastAt < AUTO_MEASURE_EVERY_MS) return false;
    if (!(await this.deps.idle())) return false;
    this.running = true;
    this.lastAt = this.deps.clock.now();
    try {
      await this.deps.measure();
      return true;
    } catch (err) {
      this.deps.log?.(`automatic latency measurement failed: ${(err as Error).message}`);
      return false;
    } finally {
      this.running = false;
    }
  }
}
