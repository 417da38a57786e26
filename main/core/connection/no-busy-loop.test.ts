import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoldfastError } from '../errors';
import { EventHub, type CoreEvent } from '../events';
import type { ProfileStore } from '../profiles/profile-store';
import { assembleConnection } from '../service/connection-assembly';
import { defaultSettings } from '../settings/schema';
import type { SettingsStore } from '../settings/settings-store';
import { FakeClock } from '../testing/fake-clock';
import { FakeDriver, FakeSession } from '../testing/fake-driver';
import { wgProfile } from './controller-test-setup';
import { DEFAULT_BACKOFF } from './failover/stability';

// "No busy loop, ever": whatever the servers do, Holdfast makes a handful of attempts and state changes per
// second at most, and keeps trying at the documented back-off. The whole connection assembly runs (engine,
// controller, launcher, and the listener that looks at the network on every `connecting` state, which once
// turned every wait into a spin) on a fake clock, against attempts that fail in arbitrary ways.

/** How one attempt fails: the kinds of failure a user meets, as the launcher sees them. */
const FAILURES = ['fail', 'timeout', 'auth', 'config', 'refused-push', 'network-down', 'no-data'] as const;
type Failure = (typeof FAILURES)[number] | 'ok';

const SIMULATED_MS = 12 * 60_000;
const STEP_MS = 1000;
/**
 * Files (failover memory, remembered addresses) are written for real, and their completions arrive on the event
 * loop's I/O phase. A fake second moves on only after one real turn of the loop, so a slow disk can never let
 * the fake minutes run past an attempt that is still writing (which once read as a stall).
 */
const realTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** At most this many attempts start, and this many state events are emitted, in any second. */
const MAX_ATTEMPTS_PER_SECOND = 6;
const MAX_STATES_PER_SECOND = 10;
/** Every attempt fails: the gap between tries never exceeds the back-off cap plus one attempt's time-out. */
/** Far more than any calm run emits (a few hundred): a run that reaches it is spinning. */
const EVENT_LIMIT = 5_000;
const LONGEST_GAP_MS = DEFAULT_BACKOFF.maxMs + 6_000 + 1_000;

const PROFILES = [
  wgProfile('tokyo', 'tokyo', '192.0.2.1'),
  wgProfile('osaka', 'osaka', '192.0.2.2'),
  wgProfile('seoul', 'seoul', '192.0.2.3'),
];

interface Run {
  attempts: number[];
  events: CoreEvent[];
  networkLookups: number;
  failedAt: number | null;
  start: number;
}

async function simulate(
  dataDir: string,
  failures: readonly Failure[],
  firstConnects: boolean,
  simulatedMs = SIMULATED_MS,
  failoverEnabled = true,
  stepMs = STEP_MS,
): Promise<Run> {
  const clock = new FakeClock();
  const hub = new EventHub();
  const events: CoreEvent[] = [];
  hub.on((e) => events.push(e));
  const settings = defaultSettings();
  settings.failover.enabled = failoverEnabled;
  const driver = new FakeDriver();
  const attempts: number[] = [];
  let next = 0;
  /** Sessions whose probes are never answered. */
  const silent = new Set<FakeSession>();
  driver.onStart = (request, index) => {
    attempts.push(clock.now());
    if (firstConnects && index === 0) return new FakeSession(index, request);
    const failure = failures[next++ % failures.length]!;
    switch (failure) {
      case 'ok':
        return new FakeSession(index, request);
      case 'fail':
        throw new HoldfastError('tunnel-failed', 'the handshake failed');
      case 'config':
        throw new HoldfastError('profile-refused', 'the server refused an option of the profile');
      case 'network-down':
        throw new HoldfastError('tunnel-failed', 'Network is unreachable');
      case 'timeout':
        return new FakeSession(index, request, new Promise<void>(() => undefined));
      case 'auth':
        return new FakeSession(index, request, Promise.reject(new HoldfastError('auth-failed', 'wrong password')));
      case 'refused-push':
        return new FakeSession(
          index,
          request,
          Promise.reject(new HoldfastError('server-push-refused', 'The server insists on compression')),
        );
      case 'no-data': {
        const session = new FakeSession(index, request);
        silent.add(session);
        return session;
      }
    }
  };
  let networkLookups = 0;
  const profiles = {
    get: async (id: string) => PROFILES.find((p) => p.id === id)!,
    list: async () => PROFILES,
    openSecrets: async () => ({ 'interface.privateKey': 'secret' }),
  } as unknown as ProfileStore;
  const { controller } = await assembleConnection({
    dataDir,
    runtimeDir: dataDir,
    clock,
    hub,
    profiles,
    settings: { get: () => settings } as unknown as SettingsStore,
    drivers: { wireguard: driver },
    probe: async (_target, _ms, ifname) => {
      const session = driver.sessions.find((s) => s.interfaceName === ifname) ?? driver.sessions.at(-1);
      return !!session && !session.stopped && !silent.has(session);
    },
    killSwitch: null,
    securityGate: () => ({ allowed: true }) as never,
    credentials: async () => undefined,
    networkKey: async () => {
      networkLookups += 1;
      // Reading the routes is I/O and takes a few milliseconds, as in the app (not while assembling, before
      // the clock runs).
      if (networkLookups > 1) await clock.sleep(3);
      return 'home';
    },
  });
  const start = clock.now();
  await controller.start('tokyo');
  if (firstConnects) {
    // Connecting writes files for real (remembered addresses): wait for `connected` before the server goes
    // away, or its exit would reach a tunnel nobody watches yet.
    const connected = () => events.some((e) => e.type === 'state' && e.state === 'connected');
    for (let i = 0; i < 200 && !connected(); i += 1) {
      await realTurn();
      await clock.advance(10);
    }
    await clock.advance(5_000);
    // The server drops the live tunnel: from here every attempt fails.
    driver.sessions[0]?.emit({ type: 'exited', reason: 'the server went away' });
  }
  let failedAt: number | null = null;
  for (let t = 0; t < simulatedMs; t += stepMs) {
    await clock.advance(stepMs);
    await realTurn();
    // A spin makes events without time passing: stop it here and let the assertions below say so.
    if (events.length > EVENT_LIMIT) break;
    if (events.some((e) => e.type === 'state' && e.state === 'failed')) {
      failedAt = clock.now();
      break;
    }
  }
  await controller.disconnect();
  return { attempts, events, networkLookups, failedAt, start };
}

function maxPerSecond(times: readonly number[]): number {
  const buckets = new Map<number, number>();
  for (const t of times) buckets.set(Math.floor(t / 1000), (buckets.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...buckets.values());
}

describe('no busy loop, whatever the failures (fake clock)', () => {
  let dir = '';
  beforeAll(async () => {
    // Memory-backed where the system has it, so real writes stay quick.
    const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    dir = await mkdtemp(path.join(base, 'holdfast-busy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a connect whose first two tries fail is tried again within a back-off step, not after the cool-down', async () => {
    // Two failed tries used to leave a single-profile connect "connecting" for minutes: every wait was
    // ended by the network look-up at once, and the forced retry of a cooling server never came.
    // Fine steps: a fake second that moved on while a real file write was still under way (a busy machine) would
    // read as a late retry.
    const run = await simulate(path.join(dir, 'once'), ['fail', 'fail', 'ok', 'ok'], false, 10_000, false, 50);
    const connected = run.events.find((e) => e.type === 'state' && e.state === 'connected');
    expect(connected).toBeDefined();
    // One back-off step plus the third attempt's own handshake and check; the stall it guards against was minutes.
    expect(Date.parse(connected!.at) - run.start).toBeLessThanOrEqual(DEFAULT_BACKOFF.baseMs + 1_000);
  });

  it('bounds attempts and state events per second, and keeps trying at the back-off', async () => {
    let runIndex = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...FAILURES), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (failures, firstConnects) => {
          const run = await simulate(path.join(dir, `run-${runIndex++}`), failures, firstConnects);
          const states = run.events.filter((e) => e.type === 'state').map((e) => Date.parse(e.at));
          const others = run.events.filter((e) => e.type !== 'status').map((e) => Date.parse(e.at));
          expect(maxPerSecond(run.attempts)).toBeLessThanOrEqual(MAX_ATTEMPTS_PER_SECOND);
          expect(maxPerSecond(states)).toBeLessThanOrEqual(MAX_STATES_PER_SECOND);
          expect(maxPerSecond(others)).toBeLessThanOrEqual(MAX_STATES_PER_SECOND * 3);
          // Looking at the network is one cheap call per `connecting`, never a loop of its own.
          expect(run.networkLookups).toBeLessThanOrEqual(states.length + 1);

          const end = run.failedAt ?? run.start + SIMULATED_MS;
          if (run.failedAt !== null) {
            // Only a failure the user must fix ends the trying: a wrong password, never a server refusal.
            const failed = run.events.filter((e) => e.type === 'state' && e.state === 'failed');
            expect(failed.at(-1)).toMatchObject({ error: { code: 'auth-failed' } });
            return;
          }
          // It keeps trying: no gap between attempts longer than the back-off cap and one attempt.
          const times = [...run.attempts, end];
          for (let i = 1; i < times.length; i += 1) {
            expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(LONGEST_GAP_MS);
          }
          // ... and at the back-off, not faster: in the last five minutes at most one round per half cap.
          const lastFive = run.attempts.filter((t) => t >= end - 5 * 60_000);
          const rounds = Math.ceil((5 * 60_000) / (DEFAULT_BACKOFF.maxMs / 2));
          expect(lastFive.length).toBeLessThanOrEqual(rounds * PROFILES.length);
        },
      ),
      { numRuns: 40, endOnFailure: true },
    );
  }, 120_000);
});
