import { describe, expect, it } from 'vitest';
import type { DisguiseRoute } from '../disguise/disguise-route';
import type { DisguiseSettings } from '../disguise/settings';
import type { SecurityEvent } from '../security/strength/security-event';
import type { KillSwitchPolicy } from '../security/killswitch/policy';
import { defaultSettings } from '../settings/schema';
import type { ProcessExit } from '../system/process-runner';
import { FakeClock } from '../testing/fake-clock';
import { FakeDriver, FakeSession } from '../testing/fake-driver';
import { controllerRig, osaka, tokyo } from './controller-test-setup';
import type { DisguiseStarter } from './disguise-starter';

const DISGUISE_SERVER = { host: '203.0.113.7', port: 8388, proto: 'udp' as const };
const IN_USE = { id: 'd-ss', kind: 'shadowsocks' as const, detail: 'aes-256-gcm', server: '203.0.113.7:8388' };

/**
 * A controller on fake drivers, with Tokyo's Shadowsocks disguise run by a fake starter. `blocked` profiles
 * never finish a plain handshake (a censor swallows it); through the disguise (endpoint 127.0.0.1) they do.
 */
async function setup(disguise: Partial<DisguiseSettings> = {}, options: { credentialsAfterMs?: number } = {}) {
  const clock = new FakeClock();
  const settings = defaultSettings();
  Object.assign(settings.disguise, disguise);
  const blocked = new Set<string>();
  const stopGate: { promise: Promise<void> | null } = { promise: null };
  const driver = new FakeDriver();
  driver.onStart = (request, index) => {
    const endpoint = request.profile.kind === 'wireguard' ? request.profile.peers[0]?.endpoint : undefined;
    const disguised = endpoint?.host === '127.0.0.1';
    const hang = blocked.has(request.profile.id) && !disguised;
    const session = new FakeSession(index, request, hang ? new Promise<void>(() => undefined) : Promise.resolve());
    const stop = session.stop.bind(session);
    session.stop = async () => {
      // A tunnel that takes its time to go (wireguard-go, a disguise program on its way out).
      if (stopGate.promise) await stopGate.promise;
      await stop();
    };
    if (!hang) {
      session.ready = async () =>
        session.emit({ type: 'negotiated', security: { protocol: 'wireguard', dataCipher: 'ChaCha20-Poly1305' } });
    }
    return session;
  };
  const policies: KillSwitchPolicy[] = [];
  const port = {
    apply: async (p: KillSwitchPolicy) => void policies.push(p),
    clear: async () => undefined,
    isActive: async () => policies.length > 0,
  };
  const routes: Array<{ calls: string[]; exit: (e: ProcessExit) => void }> = [];
  const disguises: DisguiseStarter = {
    endpoint: (candidate) => (candidate.disguise ? { ...DISGUISE_SERVER } : undefined),
    start: async (_candidate, target, serverAddress) => {
      const calls: string[] = [`start ${target.host}:${target.port} via ${serverAddress}`];
      let exit!: (e: ProcessExit) => void;
      const route: DisguiseRoute = {
        inUse: { ...IN_USE },
        via: { kind: 'forward', host: '127.0.0.1', port: 41001 },
        exited: new Promise((resolve) => (exit = resolve)),
        output: () => '',
        bypassTunnel: async () => void calls.push('bypassTunnel'),
        stop: async () => void calls.push('stop'),
      };
      routes.push({ calls, exit });
      return route;
    },
  };
  const rig = await controllerRig({
    profiles: [tokyo, osaka],
    driver,
    settings,
    port,
    clock,
    probe: async (_target, _ms, ifname) => {
      const session = ifname
        ? driver.sessions.find((s) => s.interfaceName === ifname)
        : driver.sessions.find((s) => !s.stopped && !s.request.noRoutes);
      return !!session && !session.stopped;
    },
    engine: { disguiseSettings: () => settings.disguise },
    launcher: {
      disguises,
      // The user typing a password: as long as the test says.
      credentials: async () => {
        if (options.credentialsAfterMs) await clock.sleep(options.credentialsAfterMs);
        return undefined;
      },
      securityGate: () => ({
        allowed: true,
        event: {
          protocol: 'wireguard',
          dataCipher: 'ChaCha20-Poly1305',
          dataKeyBits: 256,
          securityBits: 128,
          controlChannel: null,
          rating: 'strong',
          reasons: [],
        },
      }),
    },
  });
  rig.failover.setProfiles([tokyo, osaka]);
  rig.failover.setDisguises({ '192.0.2.1': [{ id: 'd-ss', kind: 'shadowsocks' }] });
  const logs = () => rig.events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
  return { ...rig, driver, settings, blocked, policies, routes, logs, stopGate };
}

describe('ConnectionController: the first attempt of a session', () => {
  it('gives up after the time failover gives an attempt, says why, and fails over', async () => {
    const env = await setup({ mode: 'never' });
    env.blocked.add('tokyo-1');
    expect(env.failover.firstAttemptTimeoutMs()).toBe(6000);
    await env.controller.start('tokyo-1');
    await env.clock.advance(5900);
    expect(env.driver.sessions.map((s) => s.stopped)).toEqual([false]);
    expect(env.logs().some((m) => m.includes('could not connect'))).toBe(false);
    await env.clock.advance(200);
    expect(env.driver.sessions[0]?.stopped).toBe(true);
    expect(env.logs()).toContain('could not connect to Tokyo 1: no data came through within 6 s');
    await env.clock.advance(5000);
    expect(env.controller.snapshot()).toMatchObject({ state: 'connected', profileId: 'osaka-2', route: null });
    const lost = env.failover.incidents()[0]?.attempts[0];
    expect(lost).toMatchObject({ outcome: 'lost', reason: 'no data came through within 6 s' });
  });

  it('does not count the time the user takes to give a password', async () => {
    const env = await setup({ mode: 'never' }, { credentialsAfterMs: 20_000 });
    await env.controller.start('tokyo-1');
    await env.clock.advance(21_000);
    expect(env.controller.snapshot()).toMatchObject({ state: 'connected', profileId: 'tokyo-1' });
    expect(env.logs().some((m) => m.includes('could not connect'))).toBe(false);
  });

  it('waits for the driver alone when there is nothing else to try, or failover is off', async () => {
    const env = await setup({ mode: 'never' });
    env.failover.setProfiles([tokyo]);
    expect(env.failover.firstAttemptTimeoutMs()).toBeNull();
    // A disguised route of the same server is something else to try.
    env.settings.disguise.mode = 'automatic';
    expect(env.failover.firstAttemptTimeoutMs()).toBe(6000);
    env.settings.failover.enabled = false;
    expect(env.failover.firstAttemptTimeoutMs()).toBeNull();
  });
});

describe('ConnectionController: a disconnect during a race', () => {
  it('returns only once every attempt of the race has stopped its tunnel', async () => {
    const env = await setup({ mode: 'never' });
    env.blocked.add('tokyo-1');
    env.blocked.add('osaka-2');
    await env.controller.start('tokyo-1');
    await env.clock.advance(6100);
    await env.clock.advance(500);
    const racing = env.driver.sessions.filter((s) => !s.stopped);
    expect(racing.length).toBeGreaterThan(0);
    let release!: () => void;
    env.stopGate.promise = new Promise<void>((resolve) => (release = resolve));
    let returned = false;
    const disconnected = env.controller.disconnect().then(() => (returned = true));
    await env.clock.advance(100);
    expect(returned).toBe(false);
    release();
    await disconnected;
    expect(env.driver.sessions.every((s) => s.stopped)).toBe(true);
  });
});

describe('ConnectionController through a disguise', () => {
  it('Always: connects through the disguise, with the route on the state and the disguise on the security event', async () => {
    const env = await setup({ mode: 'always' });
    await env.controller.start('tokyo-1');
    await env.clock.advance(2000);
    // Only the disguise server is let through while the disguised route comes up, never the VPN server.
    expect(env.policies[0]?.endpoints).toEqual([{ ip: '203.0.113.7', proto: 'udp', port: 8388 }]);
    expect(env.routes[0]?.calls).toEqual(['start 192.0.2.1:51820 via 203.0.113.7', 'bypassTunnel']);
    const request = env.driver.sessions[0]?.request;
    expect(request?.profile.kind === 'wireguard' && request.profile.peers[0]?.endpoint).toEqual({
      host: '127.0.0.1',
      port: 41001,
    });

    const connected = env.stateEvents().find((e) => e.state === 'connected');
    expect(connected?.route).toEqual({ disguise: IN_USE, why: 'always' });
    expect(connected?.reason).toMatch(/^connected through a disguised route \(Shadowsocks\), as set in Settings; /);
    const security = env.events.find((e): e is SecurityEvent => e.type === 'security');
    expect(security?.disguise).toEqual(IN_USE);
    expect(security?.rating).toBe('strong');
    const snap = env.controller.snapshot();
    expect(snap.route).toEqual({ disguise: IN_USE, why: 'always' });
    expect(snap.security?.disguise).toEqual(IN_USE);
  });

  it('Automatic on a blocking network: the plain start times out, the disguised route wins, for a blocked network', async () => {
    const env = await setup();
    env.blocked.add('tokyo-1');
    env.blocked.add('osaka-2');
    await env.controller.start('tokyo-1');
    await env.clock.advance(30_000);
    const snap = env.controller.snapshot();
    expect(snap).toMatchObject({ state: 'connected', profileId: 'tokyo-1' });
    expect(snap.route).toEqual({ disguise: IN_USE, why: 'blocked' });
    const connected = env.stateEvents().find((e) => e.state === 'connected');
    expect(connected?.reason).toMatch(/^this network blocks VPN protocols; connected through a disguised route/);
    expect(env.logs()).toContain('could not connect to Tokyo 1: no data came through within 6 s');
  });

  it('Always: starts no plain tunnel to a server without a disguise, and lets nothing through to it', async () => {
    const env = await setup({ mode: 'always' });
    await env.controller.start('osaka-2');
    await env.clock.advance(30_000);
    expect(env.controller.snapshot().state).toBe('failed');
    expect(env.driver.sessions).toEqual([]);
    expect(env.policies.flatMap((p) => p.endpoints)).toEqual([]);
  });

  it('leaves the route out of a later plain connection', async () => {
    const env = await setup({ mode: 'always' });
    await env.controller.start('tokyo-1');
    await env.clock.advance(2000);
    expect(env.controller.snapshot().route).not.toBeNull();
    env.settings.disguise.mode = 'never';
    await env.controller.start('osaka-2');
    await env.clock.advance(2000);
    const snap = env.controller.snapshot();
    expect(snap).toMatchObject({ state: 'connected', profileId: 'osaka-2', route: null });
    expect(snap.security?.disguise).toBeUndefined();
    expect(env.stateEvents().at(-1)?.route).toBeUndefined();
    // Switching stopped the disguise with its tunnel.
    expect(env.routes[0]?.calls.at(-1)).toBe('stop');
  });
});
