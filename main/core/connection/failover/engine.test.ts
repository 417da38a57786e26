import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import { nameOf, setup } from './engine-test-setup';
import { ovpn, wg } from './test-fixtures';

const MIN = 60_000;

describe('FailoverEngine: an incident from detection to landing', () => {
  it('races a diverse window, lands on the first that carries data and says so once', async () => {
    const { engine, clock, notifications, runRace, started, aborted } = await setup();
    const first = engine.begin('tokyo-wg');
    expect(first && nameOf(engine, first)).toBe('Tokyo 1 WireGuard');
    engine.landed(first!);
    await clock.advance(10 * MIN);

    engine.lost({ detectedBy: 'no-answer', detail: 'no answer through the tunnel for 2.0 s', detectedAfterMs: 2000 });
    const step = engine.nextStep();
    // The best first (Tokyo's other UDP transport), then another server in the preferred protocol, then TCP.
    expect(step.kind === 'race' && step.candidates.map((c) => nameOf(engine, c))).toEqual([
      'Tokyo 1 UDP 1194',
      'Osaka 2 WireGuard',
      'Tokyo 1 TCP 443',
    ]);
    expect(step.kind === 'race' && step.reason.text).toBe(
      'trying Tokyo 1 over UDP 1194, Osaka 2 over WireGuard, Tokyo 1 over TCP 443',
    );
    const result = await runRace(step, {
      'Tokyo 1 UDP 1194': { after: 1000, ok: false },
      'Osaka 2 WireGuard': { after: 800, ok: true },
      'Tokyo 1 TCP 443': { after: 2000, ok: false },
    });
    expect(result.verdict).toBe('won');
    expect(started).toEqual(['Tokyo 1 UDP 1194', 'Osaka 2 WireGuard', 'Tokyo 1 TCP 443']);
    expect(aborted).toEqual(['Tokyo 1 TCP 443']);

    expect(notifications.map((n) => n.message.text)).toEqual([
      'Tokyo 1 stopped answering; reconnected through Osaka 2 over WireGuard in 3.1 s',
    ]);
    const [incident] = engine.incidents();
    expect(incident).toMatchObject({
      resolved: true,
      ending: 'landed',
      totalMs: 3100,
      detectedAfterMs: 2000,
      detectedBy: 'no-answer',
    });
    expect(
      incident?.attempts.map((a) => [a.candidate.serverName, a.candidate.transportLabel, a.outcome, a.ms]),
    ).toEqual([
      ['Tokyo 1', 'WireGuard', 'lost', 2000],
      ['Tokyo 1', 'UDP 1194', 'failed', 1000],
      ['Tokyo 1', 'TCP 443', 'cancelled', 500],
      ['Osaka 2', 'WireGuard', 'won', 800],
      ['Osaka 2', 'WireGuard', 'landed', 800],
    ]);
    expect(incident?.landedOn?.serverName).toBe('Osaka 2');
    expect(incident?.rounds.map((r) => r.verdict)).toEqual(['won']);

    // Tokyo failed on two transports while Osaka works: blocked for longer. Paris was never tried.
    const landedAt = Date.parse(incident!.endedAt!);
    const states = Object.fromEntries(engine.serverStates().map((s) => [s.name, s]));
    expect(states['Tokyo 1']?.blockedUntil).toBe(landedAt + 15 * MIN);
    expect(states['Paris']?.transports[0]?.coolingUntil).toBeNull();
    expect(states['Osaka 2']?.transports.find((t) => t.label === 'WireGuard')?.lastSuccessAt).toBe(landedAt);
  });

  it('prefers a WireGuard winner that proves itself shortly after an OpenVPN TCP one', async () => {
    const { engine, clock, runRace, started, aborted } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    await clock.advance(10 * MIN);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 2000 });
    const result = await runRace(engine.nextStep(), {
      'Tokyo 1 UDP 1194': { after: 5000, ok: false },
      'Osaka 2 WireGuard': { after: 900, ok: true },
      'Tokyo 1 TCP 443': { after: 100, ok: true },
    });
    // TCP carried data at 700 ms, WireGuard at 1200 ms: within the balanced grace of 800 ms.
    expect(result).toMatchObject({ verdict: 'won', ms: 900 });
    expect(result.verdict === 'won' && nameOf(engine, result.candidate)).toBe('Osaka 2 WireGuard');
    expect(started).toEqual(['Tokyo 1 UDP 1194', 'Osaka 2 WireGuard', 'Tokyo 1 TCP 443']);
    expect(aborted).toEqual(['Tokyo 1 UDP 1194']);
    const attempts = engine.incidents()[0]?.attempts.map((a) => [a.candidate.transportLabel, a.outcome]);
    expect(attempts).toContainEqual(['TCP 443', 'cancelled']);
  });

  it('blames the network, not the servers, when every attempt fails at once; waits and wakes on a network change', async () => {
    const { engine, clock, runRace } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 2000 });
    const result = await runRace(
      engine.nextStep(),
      {
        'Tokyo 1 UDP 1194': { after: 100, ok: false },
        'Osaka 2 WireGuard': { after: 100, ok: false },
        'Tokyo 1 TCP 443': { after: 100, ok: false },
      },
      700,
    );
    expect(result).toMatchObject({ verdict: 'network-down', waitMs: 750 });
    expect(
      engine.serverStates().every((s) => s.blockedUntil === null && s.transports.every((t) => t.coolingUntil === null)),
    ).toBe(true);

    const wait = engine.nextStep();
    expect(wait).toMatchObject({ kind: 'wait', waitingFor: 'network' });
    expect(wait.kind === 'wait' && wait.reason.text).toMatch(
      /^every server failed at once, so the local network looks down; next try in 1 s or when the network changes$/,
    );
    let woke: string | undefined;
    void engine.wait(wait.kind === 'wait' ? wait.ms : 0).then((o) => (woke = o));
    await clock.advance(10);
    // Looking at the same network again is no change: the wait goes on (a wake here made every wait a spin).
    engine.networkChanged('home');
    await clock.advance(0);
    expect(woke).toBeUndefined();
    engine.networkChanged('cafe');
    await clock.advance(0);
    expect(woke).toBe('network-changed');

    // The next round starts over with the same candidates, the one that died first included.
    const again = engine.nextStep();
    expect(again.kind === 'race' && again.candidates.map((c) => nameOf(engine, c))[0]).toBe('Tokyo 1 WireGuard');
  });

  it('grows the network wait with jitter while the network stays down', async () => {
    const { engine, clock, runRace } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const fail = { after: 50, ok: false };
    const script = Object.fromEntries(
      [
        'Tokyo 1 WireGuard',
        'Tokyo 1 UDP 1194',
        'Tokyo 1 TCP 443',
        'Osaka 2 WireGuard',
        'Osaka 2 TCP 443',
        'Paris WireGuard',
      ].map((n) => [n, fail]),
    );
    const waits: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      let step = engine.nextStep();
      while (step.kind === 'wait') {
        await clock.advance(step.ms);
        step = engine.nextStep();
      }
      const result = await runRace(step, script, 1000);
      if (result.verdict === 'network-down') waits.push(result.waitMs);
    }
    expect(waits).toEqual([750, 1500, 3000, 6000, 12_000]);
  });
});

describe('FailoverEngine: nothing fresh to try', () => {
  it('backs off with jitter when every candidate cools down, says so, then retries them anyway', async () => {
    // One server only: its failures are its own (no other server to compare with the network).
    const { engine, clock, runRace, notifications } = await setup([
      wg('t', 'Tokyo 1', 'tokyo.example.net'),
      ovpn('o', 'Tokyo 1 TCP', [['tokyo.example.net', 443, 'tcp']]),
    ]);
    engine.landed(engine.begin('t')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 2000 });
    const script = { 'Tokyo 1 TCP 443': { after: 200, ok: false }, 'Tokyo 1 WireGuard': { after: 200, ok: false } };
    expect((await runRace(engine.nextStep(), script, 1000)).verdict).toBe('failed');

    const reasons: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const wait = engine.nextStep();
      expect(wait.kind).toBe('wait');
      if (wait.kind !== 'wait') return;
      reasons.push(wait.reason.text);
      await clock.advance(wait.ms);
      const retry = engine.nextStep();
      expect(retry.kind === 'race' && retry.candidates.map((c) => nameOf(engine, c)).sort()).toEqual([
        'Tokyo 1 TCP 443',
        'Tokyo 1 WireGuard',
      ]);
      expect((await runRace(retry, script, 1000)).verdict).toBe('failed');
    }
    expect(reasons).toEqual([
      'every server is cooling down; next try in 1 s',
      'every server is cooling down; next try in 2 s',
      'every server is cooling down; next try in 3 s',
    ]);
    // Never silent: past 30 s the user hears that nothing is reachable, once.
    await clock.advance(30_000);
    expect(notifications.map((n) => n.kind)).toEqual(['unresolved']);
    expect(notifications[0]?.message.text).toBe(
      'No server is reachable. Holdfast keeps trying; traffic stays blocked.',
    );
    await clock.advance(60_000);
    expect(notifications).toHaveLength(1);
  });

  it('waits only until the first cool-down ends when that is sooner than the backoff', async () => {
    const { engine, clock, runRace } = await setup([wg('t', 'Tokyo 1', 'tokyo.example.net')], {
      memoryPolicy: { coolDownMs: 400 },
    });
    engine.landed(engine.begin('t')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const first = engine.nextStep();
    expect(first.kind === 'race' && first.candidates.length).toBe(1);
    await runRace(first, { 'Tokyo 1 WireGuard': { after: 100, ok: false } }, 100);
    const wait = engine.nextStep();
    expect(wait).toMatchObject({ kind: 'wait', ms: 400, waitingFor: 'cooldown' });
    await clock.advance(400);
    const fresh = engine.nextStep();
    expect(fresh.kind === 'race' && fresh.candidates.map((c) => nameOf(engine, c))).toEqual(['Tokyo 1 WireGuard']);
  });

  it('asks the user when no candidate may be used at all, naming why', async () => {
    const { engine } = await setup(undefined, {
      allowed: () => 'the server negotiates AES-128-GCM; you require 256-bit keys',
    });
    engine.lost({ detectedBy: 'connect-failed', detail: 'refused', from: null });
    const step = engine.nextStep();
    expect(step).toMatchObject({ kind: 'needs-user', reason: { code: 'failover.no-usable-server' } });
    expect(step.kind === 'needs-user' && step.reason.text).toBe(
      'no server can be used: the server negotiates AES-128-GCM; you require 256-bit keys',
    );
  });
});

describe('FailoverEngine: authentication failures never fail over', () => {
  it('stops the race and asks the user when a candidate is refused the sign-in', async () => {
    const { engine, runRace, notifications } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const auth = new HoldfastError('auth-failed', 'the server refused the username or password');
    const result = await runRace(engine.nextStep(), {
      'Tokyo 1 UDP 1194': { after: 200, ok: false, error: auth },
      'Osaka 2 TCP 443': { after: 5000, ok: true },
    });
    expect(result).toMatchObject({ verdict: 'needs-user', error: { code: 'auth-failed' } });
    expect(engine.nextStep()).toMatchObject({ kind: 'needs-user', reason: { code: 'failover.needs-user' } });
    expect(notifications.map((n) => [n.kind, n.message.text])).toEqual([
      [
        'needs-user',
        'Tokyo 1: the server refused the username or password. Holdfast does not switch servers over this; it needs you',
      ],
    ]);
    expect(engine.incidents()[0]).toMatchObject({ ending: 'needs-user', resolved: false });
    const tokyo = engine.serverStates().find((s) => s.name === 'Tokyo 1');
    expect(tokyo?.transports.map((t) => t.coolingUntil)).toEqual([null, null, null]);
  });

  it('does not even start a round when the tunnel itself reported the authentication failure', async () => {
    const { engine } = await setup();
    engine.landed(engine.begin('tokyo-ovpn')!);
    engine.lost({
      detectedBy: 'server-dropped',
      detail: 'AUTH_FAILED',
      error: new HoldfastError('auth-failed', 'the server refused the username or password'),
    });
    expect(engine.nextStep().kind).toBe('needs-user');
  });
});

describe('FailoverEngine: memory per network', () => {
  it('tries what worked on this network first next time, and not on another network', async () => {
    const { engine, runRace, settings } = await setup();
    settings.returnToPreferred = false;
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    await runRace(engine.nextStep(), { 'Osaka 2 WireGuard': { after: 100, ok: true } });
    await engine.end();

    expect(nameOf(engine, engine.begin()!)).toBe('Osaka 2 WireGuard');
    engine.networkChanged('cafe');
    expect(nameOf(engine, engine.begin()!)).toBe('Tokyo 1 WireGuard');
    engine.networkChanged('home');
    expect(engine.forgetNetwork()).toBe(true);
    expect(nameOf(engine, engine.begin()!)).toBe('Tokyo 1 WireGuard');
  });

  it('starts an explicit profile on the endpoint that worked here last', async () => {
    const { engine } = await setup();
    expect(nameOf(engine, engine.begin('tokyo-ovpn')!)).toBe('Tokyo 1 UDP 1194');
    engine.landed(engine.servers().find('tokyo-ovpn', 1)!);
    expect(engine.incidents()).toEqual([]);
    await engine.end();
    expect(nameOf(engine, engine.begin('tokyo-ovpn')!)).toBe('Tokyo 1 TCP 443');
  });

  it('honours an explicit profile even while its server is blocked', async () => {
    const { engine, runRace } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    await runRace(engine.nextStep(), {
      'Tokyo 1 UDP 1194': { after: 100, ok: false },
      'Osaka 2 WireGuard': { after: 200, ok: true },
    });
    expect(engine.serverStates().find((s) => s.name === 'Tokyo 1')?.blockedUntil).not.toBeNull();
    expect(engine.begin('tokyo-ovpn')?.profileId).toBe('tokyo-ovpn');
    expect(nameOf(engine, engine.begin()!)).toBe('Osaka 2 WireGuard');
  });
});

describe('FailoverEngine: failover switched off', () => {
  it('stays with the chosen profile and its own endpoints, one at a time', async () => {
    const { engine, settings } = await setup();
    settings.enabled = false;
    engine.landed(engine.begin('tokyo-ovpn')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const step = engine.nextStep();
    expect(step.kind === 'race' && step.candidates.map((c) => nameOf(engine, c))).toEqual(['Tokyo 1 UDP 1194']);
  });
});

describe('FailoverEngine: the real tunnel after a winning probe', () => {
  it('remembers a landing failure and moves on to the next candidate', async () => {
    const { engine, clock } = await setup();
    engine.landed(engine.begin('tokyo-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const step = engine.nextStep();
    if (step.kind !== 'race') throw new Error('race expected');
    let winner: string | undefined;
    void engine
      .race(step, (c) =>
        nameOf(engine, c) === 'Osaka 2 WireGuard' ? Promise.resolve('ok') : new Promise<string>(() => undefined),
      )
      .then((r) => {
        if (r.verdict !== 'won') return;
        winner = nameOf(engine, r.candidate);
        engine.landingFailed(r.candidate, new HoldfastError('tunnel-failed', 'openvpn exited with status 1'));
      });
    await clock.advance(400);
    expect(winner).toBe('Osaka 2 WireGuard');
    const osaka = engine.serverStates().find((s) => s.name === 'Osaka 2');
    expect(osaka?.transports.find((t) => t.label === 'WireGuard')?.why).toBe('failed');
    const next = engine.nextStep();
    expect(next.kind === 'race' && next.candidates.map((c) => nameOf(engine, c))).not.toContain('Osaka 2 WireGuard');
    expect(engine.currentIncident()?.attempts.at(-1)).toMatchObject({
      outcome: 'landing-failed',
      reason: 'openvpn exited with status 1',
    });
  });
});
