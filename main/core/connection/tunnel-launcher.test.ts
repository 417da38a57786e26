import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../errors';
import type { WireGuardProfile } from '../profiles/types';
import { defaultSettings } from '../settings/schema';
import { FakeClock } from '../testing/fake-clock';
import { FakeDriver, FakeSession } from '../testing/fake-driver';
import type { Candidate } from './failover/types';
import { KillSwitchGuard } from './kill-switch-guard';
import { TunnelLauncher, type ExtraProbes, type OpenTunnel, type ProbeFn } from './tunnel-launcher';

/** A WireGuard file as self-hosted servers ship it: one /32 address, no DNS line, everything through it. */
function bareProfile(overrides: Partial<WireGuardProfile['interface']> = {}): WireGuardProfile {
  return {
    id: 'home',
    name: 'Home',
    kind: 'wireguard',
    sourceFile: 'home.conf',
    contentHash: 'home',
    importedAt: '2026-01-01T00:00:00.000Z',
    warnings: [],
    interface: { privateKey: 'k', addresses: ['10.66.66.2/32'], dns: [], dnsSearch: [], ...overrides },
    peers: [{ publicKey: 'pk', allowedIps: ['0.0.0.0/0'], endpoint: { host: '192.0.2.1', port: 51820 } }],
  };
}

function setup(profile: WireGuardProfile, probes: { ping: ProbeFn; extra?: ExtraProbes }) {
  const clock = new FakeClock();
  const settings = defaultSettings();
  const driver = new FakeDriver();
  // The driver's own guess: what a WireGuard session derives from the profile (nothing for a bare /32).
  const gateway = profile.interface.dns[0] ?? '';
  driver.onStart = (request, index) => new FakeSession(index, request, Promise.resolve(), gateway);
  const logs: string[] = [];
  const launcher = new TunnelLauncher({
    clock,
    drivers: { wireguard: driver },
    profiles: { get: async () => profile, list: async () => [profile], openSecrets: async () => ({}) },
    settings: () => settings,
    probe: probes.ping,
    extraProbes: probes.extra,
    runtimeDir: '/tmp/none',
    guard: new KillSwitchGuard(null, () => settings.killSwitch),
    log: (_level, message) => logs.push(message),
  });
  const candidate: Candidate = { profileId: profile.id, endpointIndex: 0 } as Candidate;
  /** Opens while the fake clock runs, as the real one would. */
  const open = async (full = true): Promise<OpenTunnel> => {
    let settled = false;
    const opening = launcher.open(candidate, { full });
    opening.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < 200 && !settled; i += 1) await clock.advance(100);
    return opening;
  };
  return { clock, settings, driver, launcher, open, logs };
}

describe('TunnelLauncher evidence chain', () => {
  it('connects a server that drops pings through its tunnel on its DNS answer', async () => {
    const asked: string[] = [];
    const env = setup(bareProfile({ dns: ['10.66.66.1'] }), {
      ping: async () => false,
      extra: {
        dns: async (target) => (asked.push(`dns ${target}`), target === '10.66.66.1'),
        tcp: async (target, port) => (asked.push(`tcp ${target}:${port}`), false),
      },
    });
    const tunnel = await env.open();
    expect(tunnel.check).toEqual({
      strength: 'data-verified',
      evidence: { kind: 'dns-answer', address: '10.66.66.1', role: 'tunnel-dns' },
    });
    expect(asked).toContain('tcp 10.66.66.1:53');
  });

  it('connects a /32 profile without DNS through its likely gateway answering TCP', async () => {
    const env = setup(bareProfile(), {
      ping: async () => false,
      extra: { dns: async () => false, tcp: async (target, port) => target === '10.66.66.1' && port === 443 },
    });
    const tunnel = await env.open();
    expect(tunnel.check.evidence).toEqual({ kind: 'tcp-answer', address: '10.66.66.1', role: 'likely-gateway' });
  });

  it('binds probes of a tunnel without routes to its device and asks no DNS there', async () => {
    const seen: string[] = [];
    const env = setup(bareProfile(), {
      ping: async (target, _ms, ifname) => (seen.push(`ping ${target} ${ifname}`), target === '1.1.1.1'),
      extra: {
        dns: async () => (seen.push('dns'), true),
        tcp: async (t, _p, _ms, ifname) => (seen.push(`tcp ${t} ${ifname}`), false),
      },
    });
    const tunnel = await env.open(false);
    expect(tunnel.check.evidence).toEqual({ kind: 'ping-reply', address: '1.1.1.1', role: 'public-resolver' });
    expect(seen).not.toContain('dns');
    expect(seen).toContain('tcp 10.66.66.1 hf-fake0');
    expect(seen).toContain('tcp 1.1.1.1 hf-fake0');
  });

  it('connects on the handshake alone, and says so, when nothing behind the server answers a bare profile', async () => {
    const env = setup(bareProfile(), {
      ping: async () => false,
      extra: { dns: async () => false, tcp: async () => false },
    });
    const started = env.clock.now();
    const tunnel = await env.open();
    expect(tunnel.check).toEqual({ strength: 'handshake-only' });
    // Guesses get a few seconds, not the full wait for addresses the profile names.
    expect(env.clock.now() - started).toBeLessThan(env.settings.health.connectProbeTimeoutMs);
    expect(env.logs.join('\n')).toMatch(/asked 10\.66\.66\.1, 1\.1\.1\.1, 9\.9\.9\.9.*handshake alone/);
    // What did not answer while connecting is not asked again: the watch goes by the counters.
    expect(env.launcher.checker(tunnel)).toBeNull();
  });

  it('connects at once on the handshake when there is nothing at all to ask', async () => {
    const profile = bareProfile();
    profile.peers[0]!.allowedIps = ['10.66.66.0/25'];
    const env = setup(profile, { ping: async () => true });
    env.settings.health.publicResolvers.enabled = false;
    profile.interface.addresses = ['10.66.66.1/32'];
    const started = env.clock.now();
    const tunnel = await env.open();
    expect(tunnel.check).toEqual({ strength: 'handshake-only' });
    expect(env.clock.now() - started).toBeLessThan(1000);
  });

  it('refuses a tunnel whose own DNS never answers: data is frozen after the handshake', async () => {
    const env = setup(bareProfile({ dns: ['10.66.66.1'] }), {
      ping: async () => false,
      extra: { dns: async () => false, tcp: async () => false },
    });
    const failure = await env.open().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(HoldfastError);
    expect((failure as HoldfastError).code).toBe('no-data-through-tunnel');
    expect((failure as Error).message).toContain('checked 10.66.66.1, 1.1.1.1, 9.9.9.9');
    expect(env.driver.sessions[0]!.stopped).toBe(true);
  });

  it('gives the watch a check that answers while anything behind the server does, and none when nothing can be asked', async () => {
    let alive = true;
    const env = setup(bareProfile(), { ping: async () => alive });
    const tunnel = await env.open();
    const check = env.launcher.checker(tunnel);
    expect(await check!(1000)).toBe(true);
    alive = false;
    expect(await check!(1000)).toBe(false);
    env.settings.health.publicResolvers.enabled = false;
    const profile = tunnel.profile as WireGuardProfile;
    profile.peers[0]!.allowedIps = ['10.66.66.0/25'];
    profile.interface.addresses = ['10.66.66.1/32'];
    expect(env.launcher.checker(tunnel)).toBeNull();
  });
});
