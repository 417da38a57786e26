import { describe, expect, it } from 'vitest';
import type { Profile } from '../../profiles/types';
import { FakeDriver, FakeSession } from '../../testing/fake-driver';
import { nameOf, setup, WORLD } from './engine-test-setup';
import type { Candidate } from './types';

const MIN = 60_000;

/** Lands on Osaka WireGuard after Tokyo WireGuard dies; Tokyo's other transports stay fresh. */
async function failOverToOsaka(env: Awaited<ReturnType<typeof setup>>) {
  env.engine.landed(env.engine.begin('tokyo-wg')!);
  env.engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 2000 });
  const result = await env.runRace(env.engine.nextStep(), { 'Osaka 2 WireGuard': { after: 100, ok: true } }, 500);
  expect(result.verdict).toBe('won');
}

describe('FailoverEngine: back to the preferred server', () => {
  it('probes the preferred server while away and returns once it has answered for the whole period', async () => {
    const env = await setup();
    const { engine, clock } = env;
    await failOverToOsaka(env);

    const seen: string[] = [];
    for (let t = 0; t < 12; t += 1) {
      const step = engine.returnStep();
      if (step?.kind === 'probe') {
        seen.push(`probe ${nameOf(engine, step.candidate)}`);
        engine.preferredHealth(true);
      } else if (step?.kind === 'switch') {
        seen.push(`switch ${nameOf(engine, step.candidate)}: ${step.reason.text}`);
        engine.landed(step.candidate, { kind: 'return' });
        break;
      }
      await clock.advance(MIN);
    }
    // Probes every 60 s (WireGuard again once its two-minute cool-down ends); five minutes of answers, then back.
    expect(seen).toEqual([
      'probe Tokyo 1 UDP 1194',
      'probe Tokyo 1 UDP 1194',
      'probe Tokyo 1 WireGuard',
      'probe Tokyo 1 WireGuard',
      'probe Tokyo 1 WireGuard',
      'switch Tokyo 1 WireGuard: Back on Tokyo 1, your preferred server, over WireGuard.',
    ]);
    expect(engine.returnStep()).toBeNull();
  });

  it('starts the healthy period over when the preferred server misses a probe', async () => {
    const env = await setup();
    const { engine, clock } = env;
    await failOverToOsaka(env);
    const answers = [true, true, true, false, true, true, true, true, true, true, true];
    let switchedAfter = -1;
    for (let minute = 0; minute < answers.length; minute += 1) {
      const step = engine.returnStep();
      if (step?.kind === 'switch') {
        switchedAfter = minute;
        break;
      }
      if (step?.kind === 'probe') engine.preferredHealth(answers[minute]!);
      await clock.advance(MIN);
    }
    expect(switchedAfter).toBe(9);
  });

  it('never switches voluntarily twice within the minimum interval', async () => {
    const env = await setup();
    const { engine, clock, settings } = env;
    settings.returnAfterMs = 30_000;
    settings.minSwitchIntervalMs = 10 * MIN;
    await failOverToOsaka(env);
    let firstSwitch: number | null = null;
    const start = clock.now();
    while (clock.now() - start < 15 * MIN) {
      const step = engine.returnStep();
      if (step?.kind === 'probe') engine.preferredHealth(true);
      if (step?.kind === 'switch') {
        firstSwitch = clock.now() - start;
        break;
      }
      await clock.advance(10_000);
    }
    expect(firstSwitch).toBe(10 * MIN);
  });

  it('stays put when returning is switched off or the preferred server is cooling down', async () => {
    const env = await setup();
    env.settings.returnToPreferred = false;
    await failOverToOsaka(env);
    expect(env.engine.returnStep()).toBeNull();

    const blocked = await setup();
    blocked.engine.landed(blocked.engine.begin('tokyo-wg')!);
    blocked.engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    await blocked.runRace(
      blocked.engine.nextStep(),
      {
        'Tokyo 1 UDP 1194': { after: 50, ok: false },
        'Osaka 2 WireGuard': { after: 100, ok: true },
      },
      500,
    );
    expect(blocked.engine.returnStep()).toBeNull();
  });
});

describe('FailoverEngine: hot standby', () => {
  it('offers the best candidate on another server, only when hot standby is on', async () => {
    const { engine, settings } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    expect(engine.standbyCandidate()).toBeNull();
    settings.hotStandby = true;
    expect(nameOf(engine, engine.standbyCandidate()!)).toBe('Osaka 2 WireGuard');
  });
});

describe('FailoverEngine: notifications across incidents', () => {
  it('notifies once for a flapping server, then again after the quiet window', async () => {
    const env = await setup();
    const { engine, clock, notifications } = env;
    engine.landed(engine.begin('tokyo-wg')!);
    for (let i = 0; i < 6; i += 1) {
      engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 1500 });
      const step = engine.nextStep();
      if (step.kind !== 'race') throw new Error('race expected');
      void engine.race(step, async () => 'ok').then((r) => r.verdict === 'won' && engine.landed(r.candidate));
      await clock.advance(45_000);
      expect(engine.currentIncident()).toBeNull();
    }
    expect(notifications.map((n) => n.kind)).toEqual(['resolved', 'resolved']);
    const incidents = engine.incidents();
    expect(incidents).toHaveLength(6);
    expect(incidents.filter((i) => i.notified.includes('merged')).map((i) => i.mergedInto)).toEqual([
      'incident-1',
      'incident-1',
      'incident-1',
      'incident-5',
    ]);
  });

  it('says "restored" after it said nothing was reachable', async () => {
    const { engine, clock, notifications } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 2000 });
    await clock.advance(45_000);
    const step = engine.nextStep();
    if (step.kind !== 'race') throw new Error('race expected');
    void engine.race(step, async () => 'ok').then((r) => r.verdict === 'won' && engine.landed(r.candidate));
    await clock.advance(10);
    expect(notifications.map((n) => n.message.text)).toEqual([
      'No server is reachable. Holdfast keeps trying; traffic stays blocked.',
      'Connection restored through Tokyo 1 over UDP 1194 after 47 s.',
    ]);
  });

  it('closes an incident quietly when the user disconnects', async () => {
    const { engine, clock, notifications } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'tunnel-exited', detail: 'wireguard-go exited' });
    await engine.end();
    await clock.advance(5 * MIN);
    expect(notifications).toEqual([]);
    expect(engine.incidents()[0]).toMatchObject({ ending: 'stopped', resolved: false });
  });
});

describe('FailoverEngine with driver-backed probes', () => {
  it('brings probe tunnels up without routes and stops every one that did not win', async () => {
    const env = await setup();
    const { engine, clock } = env;
    const driver = new FakeDriver('wireguard');
    const readyAt: Record<string, number> = {
      'Tokyo 1 UDP 1194': 5000,
      'Osaka 2 WireGuard': 700,
      // Carries data first, but WireGuard follows within the grace and wins.
      'Tokyo 1 TCP 443': 300,
    };
    driver.onStart = (request, index) => {
      const name = nameOf(engine, engine.servers().find(request.profile.id, request.endpointIndex)!);
      return new FakeSession(index, request, clock.sleep(readyAt[name] ?? 60_000));
    };
    const profiles = new Map(WORLD.map((p) => [p.id, p as unknown as Profile]));
    /** What the controller would do: start without routes, wait for the handshake, stop on abort. */
    const tryOne = async (c: Candidate, signal: AbortSignal): Promise<FakeSession> => {
      const session = (await driver.start({
        profile: profiles.get(c.profileId)!,
        secrets: {},
        endpointIndex: c.endpointIndex,
        runtimeDir: '/nonexistent',
        noRoutes: true,
      })) as FakeSession;
      const onAbort = () => void session.stop();
      signal.addEventListener('abort', onAbort);
      await session.ready();
      signal.removeEventListener('abort', onAbort);
      return session;
    };
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const step = engine.nextStep();
    if (step.kind !== 'race') throw new Error('race expected');
    let won: FakeSession | undefined;
    void engine
      .race(step, tryOne, { onLateSuccess: (s) => void s.stop() })
      .then((r) => r.verdict === 'won' && (won = r.value));
    await clock.advance(10_000);
    expect(won && nameOf(engine, engine.servers().find(won.request.profile.id, won.request.endpointIndex)!)).toBe(
      'Osaka 2 WireGuard',
    );
    expect(driver.sessions.every((s) => s.request.noRoutes)).toBe(true);
    expect(driver.sessions.filter((s) => s !== won).every((s) => s.stopped)).toBe(true);
    expect(won?.stopped).toBe(false);
  });
});
