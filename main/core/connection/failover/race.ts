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
  /**
   * Lower is better. When an attempt succeeds while a better-ranked one is still running, the better one
   * gets `preferGraceMs` to finish: a WireGuard tunnel that proves itself 300 ms after an OpenVPN TCP one
   * is worth the wait, since the user keeps the winner until the next incident.
   */
  rank?: (candidate: C) => number;
  preferGraceMs?: number;
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
  /** A success waiting for better-ranked attempts (see RaceOptions.rank). */
  let held: { attempt: Attempt<C>; value: T; endedAt: number; cancelGrace: () => void } | null = null;
  const rankOf = (c: C): number => options.rank?.(c) ?? 0;

  return new Promise<RaceWin<C, T>>((resolve, reject) => {
    const finishLost = (fatal: RaceLoss<C> | null, aborted: boolean): void => {
      decided = true;
      cleanup();
      releaseHeld(aborted ? 'cancelled: the failover was stopped' : 'cancelled: the race was stopped');
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
      if (held) {
        if (!betterRunning(held.attempt)) win(held.attempt, held.value, held.endedAt);
      } else if (launched < total) {
        launchNext();
      } else if (running.size === 0) {
        finishLost(null, false);
      }
    };
    const betterRunning = (attempt: Attempt<C>): boolean =>
      [...running].some((other) => rankOf(other.candidate) < rankOf(attempt.candidate));
    /** The waiting success lost after all (a better one won, or the race was stopped): release its tunnel. */
    const releaseHeld = (why = 'cancelled: a better candidate also worked'): void => {
      if (!held) return;
      const { value, attempt, cancelGrace } = held;
      held = null;
      cancelGrace();
      losses.push(loss(attempt, 'cancelled', new AttemptCancelled(why)));
      options.onLateSuccess?.(value, attempt.candidate);
    };
    const win = (attempt: Attempt<C>, value: T, endedAt: number): void => {
      if (held?.attempt === attempt) {
        held.cancelGrace();
        held = null;
      } else releaseHeld();
      decided = true;
      cleanup();
      cancelRunning('cancelled: another candidate won');
      resolve({
        candidate: attempt.candidate,
        index: attempt.index,
        value,
        ms: endedAt - attempt.startedAt,
        elapsedMs: clock.now() - raceStart,
        losses: sorted(losses),
      });
    };
    const succeeded = (attempt: Attempt<C>, value: T): void => {
      settle(attempt);
      const endedAt = clock.now();
      if (held && rankOf(held.attempt.candidate) <= rankOf(attempt.candidate)) {
        // Not better than what is already waiting: it loses like a late success.
        losses.push(loss(attempt, 'cancelled', new AttemptCancelled('cancelled: a better candidate also worked')));
        options.onLateSuccess?.(value, attempt.candidate);
        if (!betterRunning(held.attempt)) win(held.attempt, held.value, held.endedAt);
        return;
      }
      const grace = options.preferGraceMs ?? 0;
      if (grace <= 0 || !betterRunning(attempt)) {
        win(attempt, value, endedAt);
        return;
      }
      releaseHeld();
      // No new attempts while a winner waits: the race is only deciding between those already running.
      cancelStagger?.();
      cancelStagger = null;
      const cancelGrace = clock.setTimeout(() => {
        if (!decided && held?.attempt === attempt) win(attempt, value, endedAt);
      }, grace);
      held = { attempt, value, endedAt, cancelGrace };
    };
    const launchNext = (): void => {
      cancelStagger?.();
      cancelStagger = null;
      if (decided || held || launched >= total) return;
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
            succeeded(attempt, value);
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
