import type { Clock } from '../../clock';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './stability';

export type WaitOutcome = 'elapsed' | 'network-changed' | 'aborted';
export type WaitingFor = 'cooldown' | 'network';

/**
 * When the next round may start. Waits happen only when there is nothing fresh to try (every candidate
 * cools down) or the network looks down; they grow exponentially with jitter, and a network change ends
 * them at once and starts the growth over.
 */
export class RetrySchedule {
  private attempt = 0;
  private until: number | null = null;
  private why: WaitingFor = 'cooldown';
  private coolingRetryArmed = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    private readonly random: () => number,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /** A landing, a new session or a network change: the next wait starts small again. */
  reset(): void {
    this.attempt = 0;
    this.until = null;
    this.coolingRetryArmed = false;
  }

  /** The network changed: waits end now. */
  wake(): void {
    this.reset();
    for (const wake of [...this.waiters]) wake();
  }

  /** The wait still running, if any. */
  pending(now: number): { ms: number; why: WaitingFor } | null {
    return this.until !== null && now < this.until ? { ms: this.until - now, why: this.why } : null;
  }

  /** Fresh candidates exist: no wait, and no forced retry of cooling ones. */
  clear(): void {
    this.until = null;
    this.coolingRetryArmed = false;
  }

  /** Everything cools down: wait the backoff, or less if a cool-down ends sooner; then retry them anyway. */
  armCooldown(now: number, earliestCoolDownEnd: number): number {
    const delay = Math.max(1, Math.min(this.next(), earliestCoolDownEnd - now));
    this.until = now + delay;
    this.why = 'cooldown';
    this.coolingRetryArmed = true;
    return delay;
  }

  /** True once after a cool-down wait ran out: race the cooling candidates rather than wait again. */
  takeCoolingRetry(): boolean {
    if (!this.coolingRetryArmed) return false;
    this.coolingRetryArmed = false;
    this.until = null;
    return true;
  }

  /** Every attempt failed at once: wait for the network, longer each time it stays down. */
  armNetwork(now: number): number {
    const delay = this.next();
    this.until = now + delay;
    this.why = 'network';
    // When the wait runs out and everything still cools down, that wait was the back-off step: try the
    // cooling candidates then, rather than start a second wait behind the first.
    this.coolingRetryArmed = true;
    return delay;
  }

  /** Sleeps `ms`, ending early when the network changes or `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<WaitOutcome> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve('aborted');
        return;
      }
      const done = (outcome: WaitOutcome): void => {
        cancel();
        this.waiters.delete(onNetwork);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onNetwork = (): void => done('network-changed');
      const onAbort = (): void => done('aborted');
      const cancel = this.clock.setTimeout(() => done('elapsed'), Math.max(0, ms));
      this.waiters.add(onNetwork);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private next(): number {
    const delay = backoffDelay(this.attempt, this.random, this.backoff);
    this.attempt += 1;
    return delay;
  }
}
