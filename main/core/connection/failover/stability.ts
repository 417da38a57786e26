/**
 * Rules that keep failover calm: exponential backoff with jitter when there is nothing fresh to try, at most
 * one voluntary switch per interval while the current server works, and a return to the preferred server only
 * after it has answered for a while. Pure: callers pass `now` and the random source.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000, factor: 2 };

/** The ceiling for the n-th wait (n from 0): base * factor^n, capped. */
export function backoffCeiling(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const n = Math.max(0, Math.floor(attempt));
  return Math.min(options.maxMs, options.baseMs * options.factor ** Math.min(n, 60));
}

/**
 * "Equal jitter": half the ceiling plus a random half, so waits never collapse to zero (no busy loop) and
 * clients that lost the network together do not retry in lockstep. Always within [ceiling/2, ceiling].
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const ceiling = backoffCeiling(attempt, options);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

export interface SwitchRules {
  minSwitchIntervalMs: number;
  returnToPreferred: boolean;
  returnAfterMs: number;
}

export type LandingKind = 'initial' | 'failover' | 'return';

/** Remembers when we last changed server and how long the preferred server has been answering. */
export class SwitchGovernor {
  private currentServer: string | null = null;
  private lastSwitchAt: number | null = null;
  private preferredHealthySince: number | null = null;
  private lastPreferredCheckAt: number | null = null;

  landed(serverKey: string, now: number, kind: LandingKind): void {
    if (kind !== 'initial' && this.currentServer !== null && this.currentServer !== serverKey) this.lastSwitchAt = now;
    if (kind === 'initial') this.lastSwitchAt = null;
    if (this.currentServer !== serverKey) this.preferredHealthySince = null;
    this.currentServer = serverKey;
  }

  /** The user disconnected: a new session starts with no history of switches. */
  reset(): void {
    this.currentServer = null;
    this.lastSwitchAt = null;
    this.preferredHealthySince = null;
    this.lastPreferredCheckAt = null;
  }

  get server(): string | null {
    return this.currentServer;
  }

  /** While the current server works, Holdfast changes server at most once per interval. */
  mayLeaveWorkingServer(now: number, rules: SwitchRules): boolean {
    return this.lastSwitchAt === null || now - this.lastSwitchAt >= rules.minSwitchIntervalMs;
  }

  nextVoluntarySwitchAt(rules: SwitchRules): number | null {
    return this.lastSwitchAt === null ? null : this.lastSwitchAt + rules.minSwitchIntervalMs;
  }

  /** A probe of the preferred server answered (ok) or not. One failure restarts the healthy period. */
  preferredObserved(ok: boolean, now: number): void {
    this.lastPreferredCheckAt = now;
    if (!ok) this.preferredHealthySince = null;
    else if (this.preferredHealthySince === null) this.preferredHealthySince = now;
  }

  lastPreferredCheck(): number | null {
    return this.lastPreferredCheckAt;
  }

  preferredHealthyFor(now: number): number {
    return this.preferredHealthySince === null ? 0 : now - this.preferredHealthySince;
  }

  /** Whether to move back to the preferred server now. */
  shouldReturn(now: number, preferred: string | null, rules: SwitchRules): boolean {
    if (!rules.returnToPreferred || !preferred || this.currentServer === null || this.currentServer === preferred) {
      return false;
    }
    if (this.preferredHealthySince === null || now - this.preferredHealthySince < rules.returnAfterMs) return false;
    return this.mayLeaveWorkingServer(now, rules);
  }
}
