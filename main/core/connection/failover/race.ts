import type { Clock } from '../../clock';

/**
 * Happy-eyeballs for tunnels: start the first candidate, then one more every `staggerMs` (or at once when an
 * attempt fails), at most `width` in all; the first attempt that succeeds wins and the others are aborted
 * through their AbortSignal. Every loser is reported with why it lost, so the caller can remember failures
 * and show them on the timeline. Time comes from the injected clock, so tests run on a FakeClock.
 */
export interface RaceOptions<C, T> {
  width: number;
  staggerMs: number;
  clock: Clock;
  /** Aborts the whole race (the user disconnected, a newer command superseded this one). */
  signal?: AbortSignal;
  /** An attempt still pending after this long is aborted and counts as timed out. */
  attemptTimeoutMs?: number;
  /** A failure that ends the race at once (an authentication failure must reach the user, not the next server). */
  isFatal?: (reason: unknown) => boolean;
  /** An attempt that succeeded after the race was decided: its result (a probe tunnel) must be released. */
  onLateSuccess?: (value: T, candidate: C) => void;
  onStart?: (candidate: C, index: number) => void;
}

export type LossOutcome = 'failed' | 'timed-out' | 'cancelled';

export interface RaceLoss<C> {
  candidate: C;
  index: number;
  outcome: LossOutcome;
  reason: unknown;
  /** From this attempt's start to its end (or to its cancellation). */
  ms: number;
}

export interface RaceWin<C, T> {
  candidate: C;
  index: number;
  value: T;
  /** The winning attempt's own duration. */
  ms: number;
  /** From the start of the race to the win. */
  elapsedMs: number;
  losses: RaceLoss<C>[];
}

export class RaceLostError<C> extends Error {
  constructor(
    readonly losses: RaceLoss<C>[],
    readonly fatal: RaceLoss<C> | null,
    readonly aborted: boolean,
  ) {
    super(
      aborted
        ? 'the attempts were cancelled'
        : fatal
          ? `stopped: ${reasonText(fatal.reason)}`
          : losses.length === 0
            ? 'there was nothing to try'
            : `every attempt failed: ${losses.map((l) => reasonText(l.reason)).join('; ')}`,
    );
    this.name = 'RaceLostError';
  }
}

export class AttemptCancelled extends Error {
  constructor(message = 'cancelled: another candidate won') {
    super(message);
    this.name = 'AttemptCancelled';
  }
}

export class AttemptTimedOut extends Error {
  constructor(ms: number) {
    super(`no answer within ${(ms / 1000).toFixed(1)} s`);
    this.name = 'AttemptTimedOut';
  }
}

export function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

interface Attempt<C> {
  candidate: C;
  index: number;
  startedAt: number;
  controller: AbortController;
  settled: boolean;
  cancelTimeout: () => void;
}

export function raceCandidates<C, T>(
  candidates: readonly C[],
  tryOne: (candidate: C, signal: AbortSignal) => Promise<T>,
  options: RaceOptions<C, T>,
): Promise<RaceWin<C, T>> {
  const { clock } = options;
  const total = Math.min(Math.max(1, Math.floor(options.width)), candidates.length);
  const raceStart = clock.now();
  const losses: RaceLoss<C>[] = [];
  const running = new Set<Attempt<C>>();
  let launched = 0;
  let decided = false;
  let cancelStagger: (() => void) | null = null;

  return new Promise<RaceWin<C, T>>((resolve, reject) => {
    const finishLost = (fatal: RaceLoss<C> | null, aborted: boolean): void => {
      decided = true;
      cleanup();
      cancelRunning(aborted ? 'cancelled: the failover was stopped' : 'cancelled: the race was stopped');
      reject(new RaceLostError(sorted(losses), fatal, aborted));
    };
    const onAbort = (): void => {
      if (!decided) finishLost(null, true);
    };
    const cleanup = (): void => {
      cancelStagger?.();
      cancelStagger = null;
      options.signal?.removeEventListener('abort', onAbort);
    };
    const cancelRunning = (why: string): void => {
      for (const attempt of [...running]) {
        settle(attempt);
        losses.push(loss(attempt, 'cancelled', new AttemptCancelled(why)));
        attempt.controller.abort(new AttemptCancelled(why));
      }
    };
    const settle = (attempt: Attempt<C>): void => {
      attempt.settled = true;
      attempt.cancelTimeout();
      running.delete(attempt);
    };
    const loss = (attempt: Attempt<C>, outcome: LossOutcome, reason: unknown): RaceLoss<C> => ({
      candidate: attempt.candidate,
      index: attempt.index,
      outcome,
      reason,
      ms: clock.now() - attempt.startedAt,
    });
    const failed = (attempt: Attempt<C>, outcome: LossOutcome, reason: unknown): void => {
      settle(attempt);
      const record = loss(attempt, outcome, reason);
      losses.push(record);
      if (options.isFatal?.(reason)) {
        finishLost(record, false);
        return;
      }
      if (launched < total) {
        launchNext();
      } else if (running.size === 0) {
        finishLost(null, false);
      }
    };
    const launchNext = (): void => {
      cancelStagger?.();
      cancelStagger = null;
      if (decided || launched >= total) return;
      const index = launched;
      launched += 1;
      const candidate = candidates[index] as C;
      const controller = new AbortController();
      const attempt: Attempt<C> = {
        candidate,
        index,
        startedAt: clock.now(),
        controller,
        settled: false,
        cancelTimeout: () => undefined,
      };
      running.add(attempt);
      if (options.attemptTimeoutMs !== undefined) {
        const ms = options.attemptTimeoutMs;
        attempt.cancelTimeout = clock.setTimeout(() => {
          if (attempt.settled || decided) return;
          const reason = new AttemptTimedOut(ms);
          controller.abort(reason);
          failed(attempt, 'timed-out', reason);
        }, ms);
      }
      if (launched < total && options.staggerMs > 0) cancelStagger = clock.setTimeout(launchNext, options.staggerMs);
      options.onStart?.(candidate, index);
      Promise.resolve()
        .then(() => tryOne(candidate, controller.signal))
        .then(
          (value) => {
            if (attempt.settled || decided) {
              options.onLateSuccess?.(value, candidate);
              return;
            }
            settle(attempt);
            decided = true;
            cleanup();
            cancelRunning('cancelled: another candidate won');
            resolve({
              candidate,
              index,
              value,
              ms: clock.now() - attempt.startedAt,
              elapsedMs: clock.now() - raceStart,
              losses: sorted(losses),
            });
          },
          (reason: unknown) => {
            if (attempt.settled || decided) return;
            failed(attempt, 'failed', reason);
          },
        );
      // A zero stagger starts everything now rather than on the next timer turn.
      if (options.staggerMs <= 0 && launched < total) launchNext();
    };

    if (options.signal?.aborted) {
      finishLost(null, true);
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (total === 0) {
      finishLost(null, false);
      return;
    }
    launchNext();
  });
}

function sorted<C>(losses: RaceLoss<C>[]): RaceLoss<C>[] {
  return [...losses].sort((a, b) => a.index - b.index);
}
