import { beforeEach, describe, expect, it } from 'vitest';
import { HoldfastError } from '../errors';
import type { KillSwitchPolicy } from '../security/killswitch/policy';
import { defaultSettings } from '../settings/schema';
import { FakeDriver, FakeSession, PromotableFakeSession } from '../testing/fake-driver';
import { controllerRig, osaka, tokyo } from './controller-test-setup';
import { KillSwitchGuard } from './kill-switch-guard';
import { TunnelLauncher } from './tunnel-launcher';

async function setup(profiles = [tokyo, osaka], options: { promotable?: boolean } = {}) {
  const driver = new FakeDriver();
  if (options.promotable) driver.onStart = (request, index) => new PromotableFakeSession(index, request);
  const settings = defaultSettings();
  /** Profiles whose tunnels no longer answer probes. */
  const dead = new Set<string>();
  const policies: Array<KillSwitchPolicy | 'cleared'> = [];
  const port = {
    apply: async (p: KillSwitchPolicy) => void policies.push(p),
    clear: async () => void policies.push('cleared'),
    isActive: async () => policies.length > 0 && policies.at(-1) !== 'cleared',
  };
  const live = (): FakeSession[] => driver.sessions.filter((s) => !s.stopped);
  /** Carries the routes: started in full, or promoted in place afterwards. */
  const routed = (s: FakeSession): boolean => !s.request.noRoutes || (s instanceof PromotableFakeSession && s.promoted);
  /** Interfaces whose tunnels answered a probe (proved themselves). */
  const answered = new Set<string>();
  const probe = async (_target: string, _ms: number, ifname?: string) => {
    const session = ifname ? driver.sessions.find((s) => s.interfaceName === ifname) : live().find(routed);
    const ok = !!session && !session.stopped && !dead.has(session.request.profile.id);
    if (ok) answered.add(session.interfaceName);
    return ok;
  };
  const rig = await controllerRig({ profiles, driver, settings, port, probe });
  const states = () => rig.stateEvents().map((e) => e.state);
  const full = () => live().filter(routed);
  return { ...rig, driver, settings, states, dead, policies, full, port, answered };
}

/** Sends traffic through the current full tunnel for `seconds`, one second at a time. */
async function traffic(env: Awaited<ReturnType<typeof setup>>, seconds: number) {
  for (let i = 0; i < seconds; i += 1) {
    for (const s of env.full()) {
      s.txBytes += 500;
      if (!env.dead.has(s.request.profile.id)) s.rxBytes += 500;
    }
    await env.clock.advance(1000);
  }
}

describe('ConnectionController', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    env = await setup();
  });

  it('reports connected only after a probe comes back through the tunnel', async () => {
    env.dead.add('tokyo-1');
    await env.controller.start('tokyo-1');
    await env.clock.advance(3000);
    expect(env.states()).toEqual(['connecting']);
    env.dead.delete('tokyo-1');
    await env.clock.advance(400);
    expect(env.states()).toEqual(['connecting', 'connected']);
    const connected = env.stateEvents().find((e) => e.state === 'connected')!;
    expect(connected.profile).toBe('tokyo-1');
    expect(connected.reason).toMatch(/both ways/);
  });

  it('passes the opened secrets and the chosen endpoint to the driver and emits live status', async () => {
    await env.controller.start('osaka-2');
    await env.clock.advance(3500);
    expect(env.driver.sessions[0]?.request).toMatchObject({
      secrets: { 'interface.privateKey': 'secret' },
      endpointIndex: 0,
      noRoutes: false,
    });
    expect(env.events.filter((e) => e.type === 'status').length).toBeGreaterThanOrEqual(3);
    expect(env.controller.snapshot().live?.interfaceName).toBe('hf-fake0');
  });

  it('notices a server that stops answering under traffic and fails over to another', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(500);
    await traffic(env, 2);
    env.dead.add('tokyo-1');
    await traffic(env, 8);
    const drop = env.events.find((e) => e.type === 'drop');
    expect(drop).toMatchObject({ profile: 'tokyo-1', reason: expect.stringMatching(/no answer through the tunnel/) });
    expect(drop && drop.type === 'drop' && drop.detectedAfterMs).toBeLessThanOrEqual(3500);
    expect(env.states()).toContain('failing-over');
    expect(env.states().at(-1)).toBe('connected');
    expect(env.controller.snapshot().profileId).toBe('osaka-2');
    expect(env.events.filter((e) => e.type === 'failover')).toEqual([
      expect.objectContaining({ from: 'Tokyo 1', to: 'Osaka 2' }),
    ]);
    expect(env.events.filter((e) => e.type === 'notification')).toHaveLength(1);
    expect(env.full().map((s) => s.request.profile.id)).toEqual(['osaka-2']);
  });

  it('with hot standby, keeps a proven tunnel to the next server and switches to it without a race', async () => {
    env.settings.failover.hotStandby = true;
    await env.controller.start('tokyo-1');
    await env.clock.advance(1000);
    const standby = env.driver.sessions.filter((s) => s.request.noRoutes && !s.stopped);
    expect(standby.map((s) => s.request.profile.id)).toEqual(['osaka-2']);
    await traffic(env, 2);
    env.dead.add('tokyo-1');
    await traffic(env, 6);
    expect(env.controller.snapshot()).toMatchObject({ state: 'connected', profileId: 'osaka-2' });
    const started = env.driver.sessions.map((s) => `${s.request.profile.id}:${s.request.noRoutes ? 'probe' : 'full'}`);
    expect(started.slice(0, 3)).toEqual(['tokyo-1:full', 'osaka-2:probe', 'osaka-2:full']);
    const reasons = env.stateEvents().map((e) => e.reason);
    expect(reasons).toContain('switching to the standby tunnel through Osaka 2');
  });

  it('reconnects when the tunnel process exits', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(500);
    (env.driver.sessions[0] as FakeSession).emit({ type: 'exited', reason: 'killed' });
    await env.clock.advance(3000);
    expect(env.states().at(-1)).toBe('connected');
    expect(env.events.some((e) => e.type === 'drop' && /process ended/.test(e.reason))).toBe(true);
  });

  it('fails without failing over when the server refuses the credentials', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(500);
    (env.driver.sessions[0] as FakeSession).emit({ type: 'auth-failed', message: 'wrong password' });
    await env.clock.advance(60_000);
    expect(env.states().at(-1)).toBe('failed');
    expect(env.controller.snapshot().error?.code).toBe('auth-failed');
    expect(env.driver.sessions.length).toBe(1);
  });

  it('keeps trying when nothing can be set up, and always says what it is doing', async () => {
    env.driver.onStart = () => {
      throw new Error('ip: RTNETLINK answers: File exists');
    };
    await env.controller.start('tokyo-1');
    await env.clock.advance(30_000);
    const states = env.stateEvents();
    expect(states.length).toBeGreaterThan(3);
    expect(states.every((s) => s.state === 'connecting' && s.reason.length > 0)).toBe(true);
    expect(env.controller.snapshot().state).toBe('connecting');
  });

  it('stops and names the package when a binary is missing', async () => {
    env.driver.problems = [
      {
        code: 'binary-missing',
        binary: 'wireguard-go',
        debianPackage: 'wireguard-go',
        message: 'wireguard-go is not installed',
      },
    ];
    await env.controller.start('tokyo-1');
    await env.clock.advance(100);
    expect(env.states()).toEqual(['connecting', 'failed']);
    expect(env.controller.snapshot().error).toMatchObject({
      code: 'binary-missing',
      params: { package: 'wireguard-go' },
    });
  });

  it('refuses an unknown profile without changing state', async () => {
    await expect(env.controller.start('nowhere')).rejects.toThrow(/no profile nowhere/);
    expect(env.controller.snapshot().state).toBe('disconnected');
  });

  it('disconnect stops the tunnel, every timer and the kill switch', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(1500);
    const snap = await env.controller.disconnect();
    expect(snap.state).toBe('disconnected');
    expect(env.driver.sessions.every((s) => s.stopped)).toBe(true);
    expect(env.policies.at(-1)).toBe('cleared');
    await env.clock.advance(10_000);
    expect(env.states().at(-1)).toBe('disconnected');
    expect(env.clock.pending()).toBe(0);
  });

  it('a disconnect during connecting cancels the attempt', async () => {
    let release: () => void = () => undefined;
    env.driver.onStart = (request, index) => new FakeSession(index, request, new Promise<void>((r) => (release = r)));
    await env.controller.start('tokyo-1');
    await env.clock.advance(100);
    await env.controller.disconnect();
    release();
    await env.clock.advance(5000);
    expect(env.states()).toEqual(['connecting', 'disconnected']);
    expect(env.driver.sessions[0]?.stopped).toBe(true);
  });

  it('keeps the kill switch in step: servers while connecting, the tunnel once up, only the user clears it', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(500);
    const first = env.policies[0] as KillSwitchPolicy;
    expect(first.endpoints).toEqual([{ ip: '192.0.2.1', proto: 'udp', port: 51820 }]);
    expect(first.tunnelInterfaces).toEqual([]);
    const up = env.policies.at(-1) as KillSwitchPolicy;
    expect(up.tunnelInterfaces).toEqual(['hf-fake0']);
    expect(up.dnsServersInTunnel).toEqual(['10.0.0.1']);
    (env.driver.sessions[0] as FakeSession).emit({ type: 'auth-failed', message: 'wrong password' });
    await env.clock.advance(1000);
    expect(env.states().at(-1)).toBe('failed');
    expect(env.policies).not.toContain('cleared');
  });

  it('switching servers while connected (the tray, connect by place) never lifts the kill switch in between', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(1500);
    expect(env.states().at(-1)).toBe('connected');
    const before = env.policies.length;
    await env.controller.start('osaka-2');
    await env.clock.advance(1500);
    expect(env.states().at(-1)).toBe('connected');
    expect(env.controller.snapshot().profileId).toBe('osaka-2');
    const between = env.policies.slice(before);
    expect(between).not.toContain('cleared');
    // While switching, only Osaka's endpoint was allowed and no tunnel: nothing leaks past the tunnel.
    expect(between).toContainEqual(
      expect.objectContaining({ endpoints: [{ ip: '192.0.2.2', proto: 'udp', port: 51820 }], tunnelInterfaces: [] }),
    );
  });

  it('stops a proven failover tunnel that cannot land because the kill switch is no longer ours', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(500);
    expect(env.states().at(-1)).toBe('connected');
    // Another session takes the machine over: Tokyo exits, and once Osaka's probe tunnel has proved itself,
    // the kill switch refuses this session (as the helper does after a take-over).
    const osakaProbe = () => env.driver.sessions.find((s) => s.request.profile.id === 'osaka-2' && s.request.noRoutes);
    const apply = env.port.apply;
    env.port.apply = async (policy) => {
      const probe = osakaProbe();
      if (probe && env.answered.has(probe.interfaceName)) {
        throw new HoldfastError('connection-held', 'Another Holdfast session took this connection over.');
      }
      await apply(policy);
    };
    (env.driver.sessions[0] as FakeSession).emit({ type: 'exited', reason: 'taken over' });
    await env.clock.advance(5000);
    expect(osakaProbe()).toBeDefined();
    expect(env.controller.snapshot()).toMatchObject({ state: 'failed', error: { code: 'connection-held' } });
    expect(env.driver.sessions.filter((s) => !s.stopped).map((s) => s.interfaceName)).toEqual([]);
  });

  it('refuses a connection whose negotiated encryption is below the minimum', async () => {
    const weak = new TunnelLauncher({
      clock: env.clock,
      drivers: { wireguard: env.driver },
      profiles: { get: async () => tokyo, list: async () => [tokyo], openSecrets: async () => ({}) },
      settings: () => env.settings,
      probe: async () => true,
      runtimeDir: '/tmp/none',
      guard: new KillSwitchGuard(null, () => env.settings.killSwitch),
      log: () => undefined,
      securityGate: () => ({
        allowed: false,
        reason: 'AES-128-GCM uses 128-bit keys; your minimum is 256',
        event: {
          protocol: 'openvpn',
          dataCipher: 'AES-128-GCM',
          dataKeyBits: 128,
          securityBits: 128,
          controlChannel: null,
          rating: 'strong',
          reasons: [],
        },
      }),
    });
    env.driver.onStart = (request, index) => {
      const s = new FakeSession(index, request);
      s.ready = async () =>
        s.emit({ type: 'negotiated', security: { protocol: 'openvpn', dataCipher: 'AES-128-GCM' } });
      return s;
    };
    env.failover.setProfiles([tokyo, osaka]);
    const candidate = env.failover.begin('tokyo-1');
    await expect(weak.open(candidate!, { full: true })).rejects.toMatchObject({ code: 'encryption-too-weak' });
    expect(env.driver.sessions[0]?.stopped).toBe(true);
  });
});

/** Connects to Tokyo, sends traffic, lets Tokyo die under it and expects to end up on Osaka. */
async function loseTokyo(env: Awaited<ReturnType<typeof setup>>, o: { settleMs: number; afterSeconds: number }) {
  await env.controller.start('tokyo-1');
  await env.clock.advance(o.settleMs);
  await traffic(env, 2);
  env.dead.add('tokyo-1');
  await traffic(env, o.afterSeconds);
  expect(env.controller.snapshot()).toMatchObject({ state: 'connected', profileId: 'osaka-2' });
}

describe('ConnectionController with a driver that promotes in place', () => {
  it('makes the winning probe tunnel the real one: no second start, routes and DNS added to it', async () => {
    const env = await setup([tokyo, osaka], { promotable: true });
    await loseTokyo(env, { settleMs: 500, afterSeconds: 8 });
    const osakaSessions = env.driver.sessions.filter((s) => s.request.profile.id === 'osaka-2');
    expect(osakaSessions).toHaveLength(1);
    expect(osakaSessions[0]).toMatchObject({ promoted: true, stopped: false });
    // The kill switch now lets DNS through that tunnel, as for a tunnel started in full.
    const last = env.policies.at(-1);
    expect(last !== 'cleared' && last?.tunnelInterfaces).toEqual([osakaSessions[0]!.interfaceName]);
    expect(last !== 'cleared' && last?.dnsServersInTunnel).toEqual(['10.0.0.1']);
  });

  it('switches to a hot standby in place, without starting anything', async () => {
    const env = await setup([tokyo, osaka], { promotable: true });
    env.settings.failover.hotStandby = true;
    await loseTokyo(env, { settleMs: 1000, afterSeconds: 4 });
    const started = env.driver.sessions.map((s) => `${s.request.profile.id}:${s.request.noRoutes ? 'probe' : 'full'}`);
    expect(started.slice(0, 2)).toEqual(['tokyo-1:full', 'osaka-2:probe']);
    expect(env.driver.sessions[1]).toMatchObject({ promoted: true, stopped: false });
  });

  it('starts the winner over in full when promoting it fails', async () => {
    const env = await setup([tokyo, osaka], { promotable: true });
    const original = env.driver.onStart;
    env.driver.onStart = (request, index) => {
      const session = original(request, index) as PromotableFakeSession;
      if (request.noRoutes) session.promoteError = new Error('RTNETLINK answers: File exists');
      return session;
    };
    await loseTokyo(env, { settleMs: 500, afterSeconds: 8 });
    const osaka2 = env.driver.sessions.filter((s) => s.request.profile.id === 'osaka-2');
    expect(osaka2.map((s) => [s.request.noRoutes ?? false, s.stopped])).toEqual([
      [true, true],
      [false, false],
    ]);
  });
});
