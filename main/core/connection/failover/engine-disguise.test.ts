import { describe, expect, it } from 'vitest';
import type { DisguiseSettings } from '../../disguise/settings';
import { HoldfastError } from '../../errors';
import type { FailoverEngine } from './engine';
import { setup } from './engine-test-setup';
import type { FailoverStep, RoundResult } from './engine-types';
import { transportLabel, type Candidate, type CandidateDisguise } from './types';

const TOKYO = 'tokyo.example.net';
const OSAKA = 'osaka.example.net';
const DISGUISES: Record<string, CandidateDisguise[]> = {
  [TOKYO]: [
    { id: 'ss-t', kind: 'shadowsocks' },
    { id: 'tls-t', kind: 'tls' },
  ],
  [OSAKA]: [{ id: 'ss-o', kind: 'shadowsocks' }],
};

/** "Tokyo 1 WireGuard", "Osaka 2 Shadowsocks · WireGuard": a disguised route says its disguise. */
const label = (engine: FailoverEngine, c: Candidate) =>
  `${engine.servers().view(c).serverName} ${transportLabel(c.transport, c.disguise)}`;

/** The shared world (Tokyo: WireGuard, UDP 1194, TCP 443; Osaka: WireGuard, TCP 443; Paris: WireGuard). */
async function world(disguise: Partial<DisguiseSettings> = {}) {
  const ds: DisguiseSettings = { mode: 'automatic', order: ['shadowsocks', 'tls', 'obfs4'], ...disguise };
  const t = await setup(undefined, { disguiseSettings: () => ds });
  t.engine.setDisguises(DISGUISES);
  const names = (list: readonly Candidate[]) => list.map((c) => label(t.engine, c));
  /** Runs a race step; `script` says per label when an attempt settles and how (unlisted ones never answer). */
  const race = async (
    step: FailoverStep,
    script: Record<string, { after: number; ok: boolean }>,
    advanceMs = 30_000,
  ): Promise<RoundResult<string>> => {
    if (step.kind !== 'race') throw new Error(`expected a race step, got ${step.kind}`);
    let result: RoundResult<string> | undefined;
    void t.engine
      .race(step, (c, signal) => {
        const name = label(t.engine, c);
        const s = script[name] ?? { after: 1_000_000, ok: false };
        return new Promise<string>((resolve, reject) => {
          const cancel = t.clock.setTimeout(
            () => (s.ok ? resolve(name) : reject(new HoldfastError('tunnel-failed', `${name} did not answer`))),
            s.after,
          );
          signal.addEventListener('abort', () => {
            cancel();
            reject(signal.reason);
          });
        });
      })
      .then((r) => {
        result = r;
        if (r.verdict === 'won') t.engine.landed(r.candidate, { ms: r.ms });
      });
    await t.clock.advance(advanceMs);
    if (!result) throw new Error('the race did not settle');
    return result;
  };
  const raceNames = (step: FailoverStep) => (step.kind === 'race' ? names(step.candidates) : step.kind);
  return { ...t, ds, names, race, raceNames, label: (c: Candidate) => label(t.engine, c) };
}

const fail = (after = 100) => ({ after, ok: false });
const ok = (after = 100) => ({ after, ok: true });

describe('FailoverEngine with disguises, Automatic', () => {
  it('starts plain; after a plain route fails, the race keeps one last slot for a disguised route', async () => {
    const { engine, label, raceNames } = await world();
    const first = engine.begin();
    expect(first && label(first)).toBe('Tokyo 1 WireGuard');
    expect(first?.disguise).toBeUndefined();
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: first });
    const step = engine.nextStep();
    // Japan first (the server that failed is in Japan), diverse as before, and the disguised route last.
    expect(raceNames(step)).toEqual(['Osaka 2 WireGuard', 'Tokyo 1 UDP 1194', 'Tokyo 1 Shadowsocks · WireGuard']);
    expect(step.kind === 'race' && step.candidates.filter((c) => c.disguise)).toHaveLength(1);
  });

  it('a plain route that carries data within the grace wins over a disguised one that was quicker', async () => {
    const { engine, race, label } = await world();
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    // Stagger 300 ms: Osaka starts at 0, Tokyo UDP at 300, the disguised route at 600 and carries data at 700;
    // Tokyo UDP carries data at 1100, within the balanced grace of 800 ms.
    const result = await race(engine.nextStep(), {
      'Tokyo 1 Shadowsocks · WireGuard': ok(100),
      'Tokyo 1 UDP 1194': ok(800),
    });
    expect(result.verdict === 'won' && label(result.candidate)).toBe('Tokyo 1 UDP 1194');
  });

  it('a disguised route that carries data alone wins, for a blocked network', async () => {
    const { engine, race, label } = await world();
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    const result = await race(engine.nextStep(), {
      'Osaka 2 WireGuard': fail(),
      'Tokyo 1 UDP 1194': fail(),
      'Tokyo 1 Shadowsocks · WireGuard': ok(500),
    });
    expect(result.verdict === 'won' && label(result.candidate)).toBe('Tokyo 1 Shadowsocks · WireGuard');
    expect(result.verdict === 'won' && engine.disguiseReason(result.candidate)).toBe('blocked');
  });

  it('a round where every plain route fails across servers and protocols puts disguised routes first, at once', async () => {
    const { engine, settings, race, raceNames, names } = await world();
    settings.raceWidth = 4;
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    const step = engine.nextStep();
    expect(raceNames(step)).toEqual([
      'Osaka 2 WireGuard',
      'Tokyo 1 UDP 1194',
      'Tokyo 1 TCP 443',
      'Tokyo 1 Shadowsocks · WireGuard',
    ]);
    const result = await race(step, {
      'Osaka 2 WireGuard': fail(),
      'Tokyo 1 UDP 1194': fail(),
      'Tokyo 1 TCP 443': fail(),
      'Tokyo 1 Shadowsocks · WireGuard': fail(),
    });
    // Without disguises this round says "the network is down" and waits; here the censor is the suspect.
    expect(result).toEqual({ verdict: 'failed' });
    // Failures that span the network say nothing about the servers: nothing cools, nothing is blocked.
    expect(
      engine.serverStates().every((s) => s.blockedUntil === null && s.transports.every((t) => t.coolingUntil === null)),
    ).toBe(true);
    const next = engine.nextStep();
    expect(next.kind).toBe('race');
    if (next.kind !== 'race') return;
    expect(names(next.candidates)).toEqual([
      'Tokyo 1 Shadowsocks · WireGuard',
      'Osaka 2 Shadowsocks · WireGuard',
      'Tokyo 1 Shadowsocks · TCP 443',
      'Osaka 2 Shadowsocks · TCP 443',
    ]);
  });

  it('a failed round once disguised routes go first is judged as before (the network may be down)', async () => {
    const { engine, settings, race } = await world();
    settings.raceWidth = 4;
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    const everything = Object.fromEntries(
      [
        'Osaka 2 WireGuard',
        'Tokyo 1 UDP 1194',
        'Tokyo 1 TCP 443',
        'Tokyo 1 Shadowsocks · WireGuard',
        'Osaka 2 Shadowsocks · WireGuard',
        'Tokyo 1 Shadowsocks · TCP 443',
        'Osaka 2 Shadowsocks · TCP 443',
      ].map((n) => [n, fail()]),
    );
    expect((await race(engine.nextStep(), everything)).verdict).toBe('failed');
    expect(await race(engine.nextStep(), everything)).toMatchObject({ verdict: 'network-down' });
  });

  it('remembers per network that a disguise was needed, and forgets it once a plain route works', async () => {
    const { engine, settings, race, label, store } = await world();
    settings.raceWidth = 4;
    settings.returnToPreferred = false;
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    const plainFails = {
      'Osaka 2 WireGuard': fail(),
      'Tokyo 1 UDP 1194': fail(),
      'Tokyo 1 TCP 443': fail(),
      'Tokyo 1 Shadowsocks · WireGuard': fail(),
    };
    await race(engine.nextStep(), plainFails);
    const won = await race(engine.nextStep(), { 'Osaka 2 Shadowsocks · WireGuard': ok(200) });
    expect(won.verdict === 'won' && label(won.candidate)).toBe('Osaka 2 Shadowsocks · WireGuard');
    await engine.end();
    expect(store.saved?.networks.home?.disguise).toMatchObject({ id: 'ss-o', kind: 'shadowsocks' });

    // The same network: disguised first, the one that worked first of all, and the reason says so.
    const again = engine.begin();
    expect(again && label(again)).toBe('Osaka 2 Shadowsocks · WireGuard');
    expect(engine.disguiseReason(again!)).toBe('remembered');
    expect(engine.disguiseReason({ ...again!, disguise: undefined })).toBeNull();

    // Another network knows nothing of it.
    engine.networkChanged('cafe');
    const elsewhere = engine.begin();
    expect(elsewhere && label(elsewhere)).toBe('Tokyo 1 WireGuard');

    // Back home a plain route carries data: the need is forgotten.
    engine.networkChanged('home');
    engine.begin();
    engine.landed(engine.servers().find('tokyo-wg')!);
    await engine.end();
    expect(store.saved?.networks.home?.disguise).toBeUndefined();
    const plain = engine.begin();
    expect(plain && label(plain)).toBe('Tokyo 1 WireGuard');
    expect(engine.disguiseReason(plain!)).toBeNull();
  });

  it("a remembered disguise that cannot carry the picked profile starts on the same server's route it can carry", async () => {
    const { engine, ds, settings, label } = await world({ order: ['tls', 'obfs4'] });
    const tcp = engine
      .servers()
      .candidatesOf('tokyo-ovpn')
      .find((c) => c.transport.proto === 'tcp')!;
    engine.begin();
    engine.landed({ ...tcp, disguise: { id: 'tls-t', kind: 'tls' } });
    await engine.end();
    // TLS carries only TCP: not the WireGuard profile picked, but the same server's OpenVPN over TCP 443.
    const first = engine.begin('tokyo-wg');
    expect(first && label(first)).toBe('Tokyo 1 TLS · TCP 443');
    expect(engine.disguiseReason(first!)).toBe('remembered');
    // Never onto another server: Osaka's Shadowsocks is no route of the server the user picked.
    ds.order = ['shadowsocks', 'tls'];
    const again = engine.begin('tokyo-wg');
    expect(again && label(again)).toBe('Tokyo 1 TLS · TCP 443');
    // A protocol order without OpenVPN over TCP leaves only the picked profile's own routes.
    ds.order = ['tls', 'obfs4'];
    settings.protocolOrder = ['wireguard-udp', 'openvpn-udp'];
    const plain = engine.begin('tokyo-wg');
    expect(plain && label(plain)).toBe('Tokyo 1 WireGuard');
  });
});

describe('FailoverEngine with disguises, Always and Never', () => {
  it('Always never offers a plain route, nor a server without a disguise', async () => {
    const { engine, race, label, names } = await world({ mode: 'always' });
    const first = engine.begin();
    expect(first && label(first)).toBe('Tokyo 1 Shadowsocks · WireGuard');
    expect(engine.disguiseReason(first!)).toBe('always');
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: first });
    const seen: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      let step = engine.nextStep();
      while (step.kind === 'wait') step = engine.nextStep();
      if (step.kind !== 'race') break;
      seen.push(...names(step.candidates));
      await race(step, Object.fromEntries(names(step.candidates).map((n) => [n, fail()])));
    }
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((n) => n.includes('Shadowsocks · ') || n.includes('TLS · '))).toBe(true);
    expect(seen.some((n) => n.startsWith('Paris'))).toBe(false);
  });

  it('Always never starts a plain route, even on a server the user picked that has no disguise', async () => {
    const { engine, ds, label } = await world({ mode: 'always' });
    expect(engine.begin('paris-wg')).toBeNull();
    const tokyo = engine.begin('tokyo-ovpn');
    expect(tokyo && label(tokyo)).toBe('Tokyo 1 Shadowsocks · TCP 443');
    // Only TLS in the order: the picked WireGuard profile cannot go inside it, its server's TCP 443 can.
    ds.order = ['tls'];
    const inside = engine.begin('tokyo-wg');
    expect(inside && label(inside)).toBe('Tokyo 1 TLS · TCP 443');
    // Every disguise left out of the order: nothing can be used, rather than a plain route.
    ds.order = [];
    expect(engine.begin('tokyo-wg')).toBeNull();
    ds.mode = 'automatic';
    const plain = engine.begin('tokyo-wg');
    expect(plain && label(plain)).toBe('Tokyo 1 WireGuard');
  });

  it('Always does not remember the network as needing a disguise', async () => {
    const { engine, ds, label } = await world({ mode: 'always' });
    engine.landed(engine.begin()!);
    await engine.end();
    ds.mode = 'automatic';
    const next = engine.begin();
    expect(next && label(next)).toBe('Tokyo 1 WireGuard');
  });

  it('Never offers no disguised route, and a round failing everywhere means the network is down', async () => {
    const { engine, settings, race, raceNames, label } = await world({ mode: 'never' });
    settings.raceWidth = 4;
    const first = engine.begin();
    expect(first && label(first)).toBe('Tokyo 1 WireGuard');
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: first });
    const step = engine.nextStep();
    expect(raceNames(step)).toEqual(['Osaka 2 WireGuard', 'Tokyo 1 UDP 1194', 'Tokyo 1 TCP 443', 'Paris WireGuard']);
    const result = await race(step, {
      'Osaka 2 WireGuard': fail(),
      'Tokyo 1 UDP 1194': fail(),
      'Tokyo 1 TCP 443': fail(),
      'Paris WireGuard': fail(),
    });
    expect(result).toMatchObject({ verdict: 'network-down' });
  });

  it('a remembered need is ignored under Never', async () => {
    const { engine, ds, label } = await world();
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    engine.landed({ ...engine.servers().find('tokyo-wg')!, disguise: { id: 'ss-t', kind: 'shadowsocks' } });
    await engine.end();
    const remembered = engine.begin();
    expect(remembered && label(remembered)).toBe('Tokyo 1 Shadowsocks · WireGuard');
    ds.mode = 'never';
    const next = engine.begin();
    // Tokyo's plain WireGuard failed to connect above, so it cools: Osaka is next, plain.
    expect(next && label(next)).toBe('Osaka 2 WireGuard');
  });
});

describe('FailoverEngine: disguised routes and server blocks', () => {
  it("a disguised route's failures do not block its server once a plain route works elsewhere", async () => {
    const { engine, settings, race, raceNames } = await world();
    settings.raceWidth = 4;
    settings.returnToPreferred = false;
    // A blocked network first: disguised routes go first and two of Tokyo's fail while Osaka's carries data.
    engine.lost({ detectedBy: 'connect-failed', detail: 'no handshake', from: engine.begin() });
    await race(engine.nextStep(), {
      'Osaka 2 WireGuard': fail(),
      'Tokyo 1 UDP 1194': fail(),
      'Tokyo 1 TCP 443': fail(),
      'Tokyo 1 Shadowsocks · WireGuard': fail(),
    });
    const step = engine.nextStep();
    expect(raceNames(step)).toEqual([
      'Tokyo 1 Shadowsocks · WireGuard',
      'Osaka 2 Shadowsocks · WireGuard',
      'Tokyo 1 Shadowsocks · TCP 443',
      'Osaka 2 Shadowsocks · TCP 443',
    ]);
    await race(step, {
      'Tokyo 1 Shadowsocks · WireGuard': fail(50),
      'Tokyo 1 Shadowsocks · TCP 443': fail(50),
      'Osaka 2 Shadowsocks · WireGuard': ok(400),
    });
    // Later a plain route on Osaka carries data: the network works, yet Tokyo's plain routes never failed.
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    engine.landed(engine.servers().find('osaka-wg')!);
    const tokyo = engine.serverStates().find((s) => s.key === TOKYO);
    expect(tokyo?.blockedUntil).toBeNull();
    expect(tokyo?.transports.every((t) => t.coolingUntil === null)).toBe(true);
    expect(engine.begin('tokyo-ovpn')?.disguise).toBeUndefined();
  });

  it("a server's block leaves its disguised routes usable", async () => {
    const { engine, race, raceNames } = await world();
    // Tokyo fails on two plain transports while Osaka works: Tokyo is blocked.
    engine.landed(engine.servers().find('osaka-wg')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', from: engine.servers().find('tokyo-wg')! });
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', from: engine.servers().find('tokyo-ovpn', 1)! });
    await race(engine.nextStep(), { 'Osaka 2 WireGuard': ok(100) });
    expect(engine.serverStates().find((s) => s.key === TOKYO)?.blockedUntil).not.toBeNull();
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    const step = engine.nextStep();
    const names = raceNames(step);
    expect(names).toContain('Tokyo 1 Shadowsocks · WireGuard');
    expect(names).not.toContain('Tokyo 1 UDP 1194');
  });
});
