import { beforeEach, describe, expect, it } from 'vitest';
import { EventHub, type CoreEvent, type StateEvent } from '../events';
import type { WireGuardProfile } from '../profiles/types';
import { defaultSettings } from '../settings/schema';
import { FakeClock } from '../testing/fake-clock';
import { FakeDriver, FakeSession } from '../testing/fake-driver';
import { ConnectionController } from './connection-controller';

const profile: WireGuardProfile = {
  id: 'tokyo-1',
  name: 'Tokyo 1',
  kind: 'wireguard',
  sourceFile: 'tokyo-1.conf',
  contentHash: 'x',
  importedAt: '2026-01-01T00:00:00.000Z',
  warnings: [],
  interface: { privateKey: 'interface.privateKey', addresses: ['10.0.0.2/32'], dns: ['10.0.0.1'], dnsSearch: [] },
  peers: [{ publicKey: 'pk', allowedIps: ['0.0.0.0/0'], endpoint: { host: '192.0.2.1', port: 51820 } }],
};

function setup() {
  const clock = new FakeClock();
  const hub = new EventHub();
  const events: CoreEvent[] = [];
  hub.on((e) => events.push(e));
  const driver = new FakeDriver();
  let probeAnswers = true;
  const probes: string[] = [];
  const settings = defaultSettings();
  const controller = new ConnectionController({
    clock,
    hub,
    drivers: { wireguard: driver },
    profiles: {
      get: async (id) => {
        if (id !== profile.id) throw new Error(`no ${id}`);
        return profile;
      },
      list: async () => [profile],
      openSecrets: async () => ({ 'interface.privateKey': 'secret' }),
    },
    settings: () => settings,
    probe: async (target) => {
      probes.push(target);
      return probeAnswers;
    },
    runtimeDir: '/tmp/none',
  });
  const states = () => events.filter((e): e is StateEvent => e.type === 'state').map((e) => e.state);
  return {
    clock,
    events,
    driver,
    controller,
    probes,
    settings,
    states,
    setProbe: (ok: boolean) => (probeAnswers = ok),
  };
}

describe('ConnectionController', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });

  it('reports connected only after a probe comes back through the tunnel', async () => {
    env.setProbe(false);
    await env.controller.start('tokyo-1');
    await env.clock.advance(3000);
    expect(env.states()).toEqual(['connecting']);
    env.setProbe(true);
    await env.clock.advance(400);
    expect(env.states()).toEqual(['connecting', 'connected']);
    expect(env.probes.every((t) => t === '10.0.0.1')).toBe(true);
    const connected = env.events.find((e) => e.type === 'state' && e.state === 'connected') as StateEvent;
    expect(connected.profile).toBe('tokyo-1');
    expect(connected.reason).toMatch(/both ways/);
  });

  it('passes the opened secrets to the driver and emits live status every poll', async () => {
    await env.controller.start();
    await env.clock.advance(3500);
    expect(env.driver.sessions[0]?.request.secrets).toEqual({ 'interface.privateKey': 'secret' });
    const statuses = env.events.filter((e) => e.type === 'status');
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(env.controller.snapshot().live?.interfaceName).toBe('hf-fake0');
  });

  it('notices a tunnel whose answers stop under traffic and reconnects', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(1200);
    const first = env.driver.sessions[0] as FakeSession;
    env.setProbe(false);
    for (let i = 0; i < 8; i += 1) {
      first.txBytes += 500;
      await env.clock.advance(1000);
    }
    expect(env.states()).toContain('reconnecting');
    expect(first.stopped).toBe(true);
    env.setProbe(true);
    await env.clock.advance(3000);
    expect(env.states().at(-1)).toBe('connected');
    expect(env.driver.sessions.length).toBe(2);
    const drop = env.events.find((e) => e.type === 'state' && e.state === 'reconnecting') as StateEvent;
    expect(drop.reason).toMatch(/no answer through the tunnel/);
  });

  it('reconnects when the tunnel process exits', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(1200);
    (env.driver.sessions[0] as FakeSession).emit({ type: 'exited', reason: 'killed' });
    await env.clock.advance(100);
    expect(env.states()).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  });

  it('fails without retrying when the server refuses the credentials', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(1200);
    (env.driver.sessions[0] as FakeSession).emit({ type: 'auth-failed', message: 'wrong password' });
    await env.clock.advance(60_000);
    expect(env.states()).toEqual(['connecting', 'connected', 'failed']);
    expect(env.driver.sessions.length).toBe(1);
    expect(env.controller.snapshot().error?.code).toBe('auth-failed');
  });

  it('keeps trying with growing waits when setup fails, and says so', async () => {
    env.driver.onStart = () => {
      throw new Error('ip: RTNETLINK answers: File exists');
    };
    await env.controller.start('tokyo-1');
    await env.clock.advance(1000 + 2000 + 4000 + 10);
    const reasons = env.events.filter((e): e is StateEvent => e.type === 'state').map((e) => e.reason);
    expect(reasons.slice(1, 4)).toEqual([
      expect.stringMatching(/File exists; trying again in 1 s/),
      expect.stringMatching(/trying again in 2 s/),
      expect.stringMatching(/trying again in 4 s/),
    ]);
    expect(env.states().every((s) => s === 'connecting')).toBe(true);
  });

  it('refuses at once when a binary is missing, naming the package', async () => {
    env.driver.problems = [
      {
        code: 'binary-missing',
        binary: 'wireguard-go',
        debianPackage: 'wireguard-go',
        message: 'wireguard-go is not installed',
      },
    ];
    await expect(env.controller.start('tokyo-1')).rejects.toMatchObject({
      code: 'binary-missing',
      params: { package: 'wireguard-go' },
    });
    expect(env.states()).toEqual([]);
  });

  it('refuses an unknown profile without changing state', async () => {
    await expect(env.controller.start('nowhere')).rejects.toThrow(/no nowhere/);
    expect(env.controller.snapshot().state).toBe('disconnected');
  });

  it('disconnect stops the session and stops all timers', async () => {
    await env.controller.start('tokyo-1');
    await env.clock.advance(1500);
    const snap = await env.controller.disconnect();
    expect(snap.state).toBe('disconnected');
    expect(env.driver.sessions[0]?.stopped).toBe(true);
    expect(env.clock.pending()).toBe(0);
    await env.clock.advance(10_000);
    expect(env.states().at(-1)).toBe('disconnected');
  });

  it('a disconnect during connecting cancels the attempt', async () => {
    let release: () => void = () => undefined;
    env.driver.onStart = (request, index) =>
      new FakeSession(index, request, new Promise<void>((resolve) => (release = resolve)));
    await env.controller.start('tokyo-1');
    await env.clock.advance(100);
    await env.controller.disconnect();
    release();
    await env.clock.advance(5000);
    expect(env.states()).toEqual(['connecting', 'disconnected']);
    expect(env.driver.sessions[0]?.stopped).toBe(true);
  });

  it('refuses a connection whose negotiated encryption is below the minimum', async () => {
    const hub = new EventHub();
    const events: CoreEvent[] = [];
    hub.on((e) => events.push(e));
    const clock = new FakeClock();
    const driver = new FakeDriver();
    driver.onStart = (request, index) => {
      const s = new FakeSession(index, request);
      s.ready = async () =>
        s.emit({ type: 'negotiated', security: { protocol: 'openvpn', dataCipher: 'AES-128-GCM' } });
      return s;
    };
    const controller = new ConnectionController({
      clock,
      hub,
      drivers: { wireguard: driver },
      profiles: { get: async () => profile, list: async () => [profile], openSecrets: async () => ({}) },
      settings: defaultSettings,
      probe: async () => true,
      runtimeDir: '/tmp/none',
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
    await controller.start('tokyo-1');
    await clock.advance(500);
    expect(controller.snapshot().state).toBe('failed');
    expect(controller.snapshot().error?.code).toBe('encryption-too-weak');
    expect(events.some((e) => e.type === 'security' && e.dataKeyBits === 128)).toBe(true);
    expect(driver.sessions[0]?.stopped).toBe(true);
  });
});
