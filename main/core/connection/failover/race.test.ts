import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import { FakeClock } from '../../testing/fake-clock';
import { AttemptCancelled, AttemptTimedOut, RaceLostError, raceCandidates, type RaceWin } from './race';

interface Script {
  after: number;
  ok: boolean;
  error?: unknown;
}

/** Attempts that settle on the fake clock and record when they started and whether they were aborted. */
function scripted(clock: FakeClock, scripts: Record<string, Script>) {
  const started: [string, number][] = [];
  const aborted: string[] = [];
  const tryOne = (c: string, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      started.push([c, clock.now() - t0]);
      const s = scripts[c] ?? { after: 1_000_000, ok: false };
      const cancel = clock.setTimeout(
        () => (s.ok ? resolve(`tunnel:${c}`) : reject(s.error ?? new Error(`${c} did not answer`))),
        s.after,
      );
      signal.addEventListener('abort', () => {
        aborted.push(c);
        cancel();
        reject(signal.reason);
      });
    });
  const t0 = clock.now();
  return { tryOne, started, aborted };
}

async function settle<T>(promise: Promise<T>, clock: FakeClock, ms = 60_000): Promise<{ value?: T; error?: unknown }> {
  const out: { value?: T; error?: unknown; done?: boolean } = {};
  promise.then(
    (value) => Object.assign(out, { value, done: true }),
    (error: unknown) => Object.assign(out, { error, done: true }),
  );
  await clock.advance(ms);
  expect(out.done).toBe(true);
  return out;
}

describe('raceCandidates', () => {
  it('staggers starts, takes the first success and aborts the others, reporting each loser', async () => {
    const clock = new FakeClock();
    const { tryOne, started, aborted } = scripted(clock, {
      a: { after: 2000, ok: true },
      b: { after: 500, ok: true },
      c: { after: 5000, ok: false },
    });
    const { value } = await settle(
      raceCandidates(['a', 'b', 'c', 'd'], tryOne, { width: 3, staggerMs: 300, clock }),
      clock,
    );
    const win = value as RaceWin<string, string>;
    expect(started).toEqual([
      ['a', 0],
      ['b', 300],
      ['c', 600],
    ]);
    expect(win).toMatchObject({ candidate: 'b', index: 1, value: 'tunnel:b', ms: 500, elapsedMs: 800 });
    expect(aborted.sort()).toEqual(['a', 'c']);
    expect(win.losses.map((l) => [l.candidate, l.outcome, l.ms])).toEqual([
      ['a', 'cancelled', 800],
      ['c', 'cancelled', 200],
    ]);
    expect(win.losses[0]?.reason).toBeInstanceOf(AttemptCancelled);
    expect(clock.pending()).toBe(0);
  });

  it('starts the next candidate at once when one fails before its stagger', async () => {
    const clock = new FakeClock();
    const { tryOne, started } = scripted(clock, {
      a: { after: 100, ok: false },
      b: { after: 100, ok: false },
      c: { after: 100, ok: true },
    });
    const { value } = await settle(raceCandidates(['a', 'b', 'c'], tryOne, { width: 3, staggerMs: 300, clock }), clock);
    expect(started).toEqual([
      ['a', 0],
      ['b', 100],
      ['c', 200],
    ]);
    expect((value as RaceWin<string, string>).losses.map((l) => [l.candidate, l.outcome])).toEqual([
      ['a', 'failed'],
      ['b', 'failed'],
    ]);
  });

  it('rejects with every reason when all fail, and never starts more than width', async () => {
    const clock = new FakeClock();
    const { tryOne, started } = scripted(clock, { a: { after: 100, ok: false }, b: { after: 700, ok: false } });
    const { error } = await settle(raceCandidates(['a', 'b', 'c'], tryOne, { width: 2, staggerMs: 300, clock }), clock);
    expect(error).toBeInstanceOf(RaceLostError);
    const lost = error as RaceLostError<string>;
    expect(started.map(([c]) => c)).toEqual(['a', 'b']);
    expect(lost.losses.map((l) => [l.candidate, l.outcome])).toEqual([
      ['a', 'failed'],
      ['b', 'failed'],
    ]);
    expect(lost.message).toBe('every attempt failed: a did not answer; b did not answer');
    expect(lost.aborted).toBe(false);
  });

  it('times out a silent attempt, aborting it, and moves on', async () => {
    const clock = new FakeClock();
    const { tryOne, started, aborted } = scripted(clock, {
      a: { after: 60_000, ok: true },
      b: { after: 100, ok: true },
    });
    const { value } = await settle(
      raceCandidates(['a', 'b'], tryOne, { width: 2, staggerMs: 5000, attemptTimeoutMs: 3000, clock }),
      clock,
    );
    expect(started).toEqual([
      ['a', 0],
      ['b', 3000],
    ]);
    expect(aborted).toEqual(['a']);
    const win = value as RaceWin<string, string>;
    expect(win.candidate).toBe('b');
    expect(win.losses[0]).toMatchObject({ candidate: 'a', outcome: 'timed-out', ms: 3000 });
    expect(win.losses[0]?.reason).toBeInstanceOf(AttemptTimedOut);
  });

  it('stops at once on a fatal failure (authentication) instead of trying the rest', async () => {
    const clock = new FakeClock();
    const auth = new HoldfastError('auth-failed', 'the server refused the username or password');
    const { tryOne, started, aborted } = scripted(clock, {
      a: { after: 400, ok: false, error: auth },
      b: { after: 5000, ok: true },
    });
    const { error } = await settle(
      raceCandidates(['a', 'b', 'c'], tryOne, {
        width: 3,
        staggerMs: 300,
        clock,
        isFatal: (r) => r instanceof HoldfastError && r.code === 'auth-failed',
      }),
      clock,
    );
    const lost = error as RaceLostError<string>;
    expect(lost.fatal?.candidate).toBe('a');
    expect(started.map(([c]) => c)).toEqual(['a', 'b']);
    expect(aborted).toEqual(['b']);
  });

  it('aborts everything when the caller aborts', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { tryOne, aborted } = scripted(clock, { a: { after: 5000, ok: true }, b: { after: 5000, ok: true } });
    const race = raceCandidates(['a', 'b'], tryOne, { width: 2, staggerMs: 100, clock, signal: controller.signal });
    await clock.advance(200);
    controller.abort();
    const { error } = await settle(race, clock, 10);
    expect((error as RaceLostError<string>).aborted).toBe(true);
    expect(aborted.sort()).toEqual(['a', 'b']);
    expect(clock.pending()).toBe(0);
  });

  it('hands a success that comes after the decision back for release', async () => {
    const clock = new FakeClock();
    const late: string[] = [];
    // b ignores its abort signal: its tunnel comes up anyway and must be stopped.
    const tryOne = (c: string) =>
      new Promise<string>((resolve) => clock.setTimeout(() => resolve(`tunnel:${c}`), c === 'a' ? 100 : 400));
    await settle(
      raceCandidates(['a', 'b'], tryOne, { width: 2, staggerMs: 50, clock, onLateSuccess: (v) => late.push(v) }),
      clock,
    );
    expect(late).toEqual(['tunnel:b']);
  });

  it('rejects an empty list without calling anything', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const { error } = await settle(
      raceCandidates([], async () => void calls++, { width: 3, staggerMs: 300, clock }),
      clock,
      1,
    );
    expect((error as RaceLostError<string>).message).toBe('there was nothing to try');
    expect(calls).toBe(0);
  });

  it('for any timings: the winner is the first success to finish, every started loser is reported once', async () => {
    const attempt = fc.record({ after: fc.integer({ min: 1, max: 3000 }), ok: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(attempt, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 800 }),
        async (attempts, width, staggerMs) => {
          const clock = new FakeClock();
          const names = attempts.map((_, i) => `c${i}`);
          const scripts = Object.fromEntries(attempts.map((a, i) => [`c${i}`, a]));
          const { tryOne, started } = scripted(clock, scripts);
          const out = await settle(raceCandidates(names, tryOne, { width, staggerMs, clock }), clock, 20_000);
          expect(started.length).toBeLessThanOrEqual(width);
          const finish = (name: string) => {
            const s = started.find(([c]) => c === name);
            return s ? s[1] + (scripts[name]?.after ?? 0) : Infinity;
          };
          const successes = started.filter(([c]) => scripts[c]?.ok).map(([c]) => c);
          if (out.value) {
            const win = out.value as RaceWin<string, string>;
            const best = Math.min(...successes.map(finish));
            expect(finish(win.candidate)).toBe(best);
            expect(win.losses.length).toBe(started.length - 1);
            expect(new Set(win.losses.map((l) => l.candidate)).size).toBe(win.losses.length);
          } else {
            expect(successes).toEqual([]);
            expect((out.error as RaceLostError<string>).losses.length).toBe(Math.min(width, names.length));
          }
          expect(clock.pending()).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('raceCandidates with a ranking', () => {
  const rank = (c: string): number => ({ wg: 0, udp: 1, tcp: 2 })[c] ?? 9;

  async function run(scripts: Record<string, Script>, preferGraceMs: number) {
    const clock = new FakeClock();
    const { tryOne, aborted } = scripted(clock, scripts);
    const released: string[] = [];
    const { value, error } = await settle(
      raceCandidates(['udp', 'wg', 'tcp'], tryOne, {
        width: 3,
        staggerMs: 300,
        clock,
        rank,
        preferGraceMs,
        onLateSuccess: (_v, c) => released.push(c),
      }),
      clock,
    );
    return { win: value as RaceWin<string, string> | undefined, error, aborted, released, clock };
  }

  it('waits for a better-ranked attempt that is still running, and takes it when it succeeds in time', async () => {
    // tcp (started at 600) succeeds at 700; wg (started at 300) succeeds at 1100, inside the grace.
    const { win, released, clock } = await run(
      { udp: { after: 5000, ok: false }, wg: { after: 800, ok: true }, tcp: { after: 100, ok: true } },
      800,
    );
    expect(win).toMatchObject({ candidate: 'wg', elapsedMs: 1100 });
    expect(released).toEqual(['tcp']);
    expect(win?.losses.map((l) => [l.candidate, l.outcome])).toEqual([
      ['udp', 'cancelled'],
      ['tcp', 'cancelled'],
    ]);
    expect(clock.pending()).toBe(0);
  });

  it('takes the waiting success when the grace runs out', async () => {
    const { win, released, aborted } = await run(
      { udp: { after: 5000, ok: false }, wg: { after: 5000, ok: true }, tcp: { after: 100, ok: true } },
      800,
    );
    expect(win).toMatchObject({ candidate: 'tcp', elapsedMs: 1500 });
    expect(released).toEqual([]);
    expect(aborted.sort()).toEqual(['udp', 'wg']);
  });

  it('takes the waiting success as soon as every better attempt has failed', async () => {
    const { win } = await run(
      { udp: { after: 900, ok: false }, wg: { after: 500, ok: false }, tcp: { after: 100, ok: true } },
      5000,
    );
    // tcp at 700, wg fails at 800, udp at 900: decided then, not at 700 + 5000.
    expect(win).toMatchObject({ candidate: 'tcp', elapsedMs: 900 });
  });

  it('decides at once when nothing better is running, or without a grace', async () => {
    const best = await run({ wg: { after: 100, ok: true } }, 800);
    expect(best.win).toMatchObject({ candidate: 'wg', elapsedMs: 400 });
    const noGrace = await run({ wg: { after: 5000, ok: true }, tcp: { after: 100, ok: true } }, 0);
    expect(noGrace.win).toMatchObject({ candidate: 'tcp', elapsedMs: 700 });
  });

  it('releases a waiting success when the race is aborted', async () => {
    const clock = new FakeClock();
    const { tryOne } = scripted(clock, { wg: { after: 5000, ok: true }, tcp: { after: 100, ok: true } });
    const released: string[] = [];
    const controller = new AbortController();
    const promise = raceCandidates(['udp', 'wg', 'tcp'], tryOne, {
      width: 3,
      staggerMs: 300,
      clock,
      rank,
      preferGraceMs: 2000,
      signal: controller.signal,
      onLateSuccess: (_v, c) => released.push(c),
    });
    clock.setTimeout(() => controller.abort(), 1000);
    const { error } = await settle(promise, clock);
    expect(error).toBeInstanceOf(RaceLostError);
    expect((error as RaceLostError<string>).aborted).toBe(true);
    expect(released).toEqual(['tcp']);
    expect(clock.pending()).toBe(0);
  });

  it('never holds more than one winner and always releases every other success (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ after: fc.integer({ min: 1, max: 3000 }), ok: fc.boolean() }), {
          minLength: 3,
          maxLength: 3,
        }),
        fc.integer({ min: 0, max: 2000 }),
        async (scripts, grace) => {
          const named = { udp: scripts[0]!, wg: scripts[1]!, tcp: scripts[2]! };
          const { win, released } = await run(named, grace);
          const successes = Object.entries(named).filter(([, s]) => s.ok);
          if (!win) expect(successes.length).toBe(0);
          else {
            expect(named[win.candidate as keyof typeof named].ok).toBe(true);
            expect(released).not.toContain(win.candidate);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
