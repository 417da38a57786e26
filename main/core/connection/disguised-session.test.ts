import { describe, expect, it } from 'vitest';
import type { DisguiseRoute, TunnelVia } from '../disguise/disguise-route';
import type { OpenVpnProfile, WireGuardProfile } from '../profiles/types';
import type { ProcessExit } from '../system/process-runner';
import type { TunnelEvent, TunnelSession, TunnelStartRequest } from '../tunnel/driver';
import { DISGUISED_WIREGUARD_MTU, disguisedRequest, superviseDisguise } from './disguised-session';

const base = { sourceFile: 'f', contentHash: 'h', importedAt: '2026-01-01T00:00:00Z', warnings: [] };

const wireguard = (mtu?: number): WireGuardProfile => ({
  ...base,
  id: 'wg',
  name: 'Tokyo WG',
  kind: 'wireguard',
  interface: { privateKey: 'pk', addresses: ['10.2.0.2/32'], dns: [], dnsSearch: [], ...(mtu ? { mtu } : {}) },
  peers: [
    { publicKey: 'listen-only', allowedIps: ['10.9.0.0/24'] },
    { publicKey: 'first', allowedIps: ['0.0.0.0/0'], endpoint: { host: 'tokyo.example.net', port: 51820 } },
    { publicKey: 'second', allowedIps: ['0.0.0.0/0'], endpoint: { host: 'osaka.example.net', port: 51821 } },
  ],
});

const openvpn = (directives: OpenVpnProfile['directives'] = []): OpenVpnProfile => ({
  ...base,
  id: 'ovpn',
  name: 'Tokyo OpenVPN',
  kind: 'openvpn',
  remotes: [
    { host: 'tokyo.example.net', port: 1194, proto: 'udp' },
    { host: 'tokyo.example.net', port: 443, proto: 'tcp' },
  ],
  directives,
  blocks: [],
  authUserPass: false,
  dataCiphers: ['AES-256-GCM'],
});

const request = (profile: TunnelStartRequest['profile'], endpointIndex: number): TunnelStartRequest => ({
  profile,
  secrets: { pk: 'secret' },
  endpointIndex,
  runtimeDir: '/run/holdfast/s1',
  noRoutes: true,
  endpointAddress: '198.51.100.7',
});

/** A disguise route whose program's end the test decides; records what is called on it. */
function fakeRoute(via: TunnelVia = { kind: 'forward', host: '127.0.0.1', port: 41001 }) {
  const calls: string[] = [];
  let exit!: (e: ProcessExit) => void;
  const route: DisguiseRoute = {
    inUse: { id: 'd-1', kind: 'shadowsocks', detail: 'aes-256-gcm', server: '203.0.113.7:8388' },
    via,
    exited: new Promise((resolve) => (exit = resolve)),
    output: () => 'INFO: starting\nERROR: connection refused\nERROR: server closed\n',
    bypassTunnel: async () => void calls.push('bypassTunnel'),
    stop: async () => {
      calls.push('route.stop');
      exit({ code: null, signal: 'SIGTERM' });
    },
  };
  return { route, calls, exit: (e: ProcessExit) => exit(e) };
}

/** A session whose readiness the test decides; records what is called on it. */
function fakeSession(calls: string[], options: { promote?: boolean; pushedDns?: string[] } = {}) {
  let resolveReady!: () => void;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));
  const listeners = new Set<(e: TunnelEvent) => void>();
  const session: TunnelSession & { pushedDns?: () => string[] } = {
    interfaceName: 'hfwg1',
    ready: () => ready,
    status: async () => ({ interfaceName: 'hfwg1', tunnelAddresses: [], rxBytes: 1, txBytes: 2 }),
    probeTarget: () => '10.2.0.1',
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => void calls.push('session.stop'),
  };
  if (options.promote) session.promote = async () => void calls.push('session.promote');
  if (options.pushedDns) {
    const dns = options.pushedDns;
    session.pushedDns = function (this: unknown) {
      calls.push(this === session ? 'pushedDns on the session' : 'pushedDns elsewhere');
      return dns;
    };
  }
  const emit = (e: TunnelEvent) => listeners.forEach((l) => l(e));
  return { session, resolveReady, emit, listeners };
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('disguisedRequest', () => {
  it('points only the chosen WireGuard peer at the local port, lowers the MTU and drops the pinned address', () => {
    const profile = wireguard();
    const before = structuredClone(profile);
    const { route } = fakeRoute({ kind: 'forward', host: '127.0.0.1', port: 41001 });
    const out = disguisedRequest(request(profile, 1), route, 1);
    expect(out.endpointAddress).toBeUndefined();
    expect('endpointAddress' in out).toBe(false);
    expect(out.socksProxy).toBeUndefined();
    expect(out).toMatchObject({ endpointIndex: 1, noRoutes: true, secrets: { pk: 'secret' } });
    if (out.profile.kind !== 'wireguard') throw new Error('wireguard expected');
    expect(out.profile.peers.map((p) => p.endpoint)).toEqual([
      undefined,
      { host: 'tokyo.example.net', port: 51820 },
      { host: '127.0.0.1', port: 41001 },
    ]);
    expect(out.profile.interface.mtu).toBe(DISGUISED_WIREGUARD_MTU);
    expect(DISGUISED_WIREGUARD_MTU).toBe(1360);
    expect(profile).toEqual(before);
  });

  it('keeps a WireGuard MTU already smaller, and lowers a larger one', () => {
    const { route } = fakeRoute();
    const small = disguisedRequest(request(wireguard(1280), 0), route, 0).profile;
    expect(small.kind === 'wireguard' && small.interface.mtu).toBe(1280);
    const large = disguisedRequest(request(wireguard(1500), 0), route, 0).profile;
    expect(large.kind === 'wireguard' && large.interface.mtu).toBe(1360);
  });

  it("replaces the chosen OpenVPN remote with the forward's loopback port over TCP, and only that one", () => {
    const profile = openvpn();
    const before = structuredClone(profile);
    const { route } = fakeRoute({ kind: 'forward', host: '127.0.0.1', port: 41002 });
    const out = disguisedRequest(request(profile, 0), route, 0);
    expect(out.endpointAddress).toBeUndefined();
    expect(out.profile.kind === 'openvpn' && out.profile.remotes).toEqual([
      { host: '127.0.0.1', port: 41002, proto: 'tcp' },
      { host: 'tokyo.example.net', port: 443, proto: 'tcp' },
    ]);
    expect(profile).toEqual(before);
  });

  it("hands OpenVPN the disguise's SOCKS proxy and leaves the remotes as they are", () => {
    const profile = openvpn();
    const proxy = {
      host: '127.0.0.1',
      port: 38211,
      authFile: '/run/x/auth',
      remote: { host: '203.0.113.7', port: 9443 },
    };
    const { route } = fakeRoute({ kind: 'socks', proxy });
    const out = disguisedRequest(request(profile, 1), route, 1);
    expect(out.socksProxy).toEqual(proxy);
    expect(out.endpointAddress).toBeUndefined();
    expect(out.profile.kind === 'openvpn' && out.profile.remotes).toEqual(profile.remotes);
  });

  it("leaves out the profile's own proxy, which would carry the connection past the disguise", () => {
    const directives = [
      { name: 'http-proxy', args: ['proxy.corp.example', '3128'] },
      { name: 'http-proxy-option', args: ['AGENT', 'x'] },
      { name: 'socks-proxy', args: ['10.0.0.5', '1080'] },
      { name: 'cipher', args: ['AES-256-GCM'] },
    ];
    const profile = openvpn(directives);
    const proxy = { host: '127.0.0.1', port: 41002, remote: { host: '10.8.0.1', port: 443 } };
    for (const via of [
      { kind: 'socks', proxy },
      { kind: 'forward', host: '127.0.0.1', port: 41002 },
    ] as TunnelVia[]) {
      const out = disguisedRequest(request(profile, 1), fakeRoute(via).route, 1);
      expect(out.profile.kind === 'openvpn' && out.profile.directives).toEqual([
        { name: 'cipher', args: ['AES-256-GCM'] },
      ]);
    }
    expect(profile.directives).toEqual(directives);
  });
});

describe('superviseDisguise', () => {
  it("reports the disguise program's end to listeners once, as the tunnel's end", async () => {
    const { route, exit } = fakeRoute();
    const { session } = fakeSession([]);
    const wrapped = superviseDisguise(session, route);
    const seen: TunnelEvent[] = [];
    wrapped.onEvent((e) => seen.push(e));
    exit({ code: 1, signal: null });
    exit({ code: 2, signal: null });
    await flush();
    expect(seen).toEqual([{ type: 'exited', reason: 'the disguise program stopped (exit 1)' }]);
  });

  it("passes the tunnel's own events through, and stops telling a listener that unsubscribed", async () => {
    const { route, exit } = fakeRoute();
    const { session, emit, listeners } = fakeSession([]);
    const wrapped = superviseDisguise(session, route);
    const seen: TunnelEvent[] = [];
    const off = wrapped.onEvent((e) => seen.push(e));
    emit({ type: 'up' });
    off();
    expect(listeners.size).toBe(0);
    emit({ type: 'reconnecting', reason: 'x' });
    exit({ code: 1, signal: null });
    await flush();
    expect(seen).toEqual([{ type: 'up' }]);
  });

  it('says nothing when the program ends because the session was stopped', async () => {
    const { route } = fakeRoute();
    const { session } = fakeSession([]);
    const wrapped = superviseDisguise(session, route);
    const seen: TunnelEvent[] = [];
    wrapped.onEvent((e) => seen.push(e));
    await wrapped.stop();
    await flush();
    expect(seen).toEqual([]);
  });

  it('fails ready() when the disguise ends first, with its reason and last words', async () => {
    const { route, exit } = fakeRoute();
    const { session } = fakeSession([]);
    const wrapped = superviseDisguise(session, route);
    const ready = wrapped.ready();
    exit({ code: null, signal: 'SIGSEGV' });
    await expect(ready).rejects.toThrow(
      'the disguise program stopped (SIGSEGV): ERROR: connection refused | ERROR: server closed',
    );
  });

  it('is ready when the tunnel is', async () => {
    const { route } = fakeRoute();
    const { session, resolveReady } = fakeSession([]);
    const wrapped = superviseDisguise(session, route);
    resolveReady();
    await expect(wrapped.ready()).resolves.toBeUndefined();
    expect(wrapped.interfaceName).toBe('hfwg1');
    expect(wrapped.probeTarget()).toBe('10.2.0.1');
    expect((await wrapped.status()).txBytes).toBe(2);
  });

  it('stops the tunnel first, then the disguise under it', async () => {
    const { route, calls } = fakeRoute();
    const wrapped = superviseDisguise(fakeSession(calls).session, route);
    await wrapped.stop();
    expect(calls).toEqual(['session.stop', 'route.stop']);
  });

  it('routes the disguise server outside the tunnel before the tunnel takes every route', async () => {
    const { route, calls } = fakeRoute();
    const wrapped = superviseDisguise(fakeSession(calls, { promote: true }).session, route);
    await wrapped.promote?.();
    expect(calls).toEqual(['bypassTunnel', 'session.promote']);
  });

  it('cannot promote in place when the session cannot', () => {
    const { route } = fakeRoute();
    expect(superviseDisguise(fakeSession([]).session, route).promote).toBeUndefined();
  });

  it("passes OpenVPN's pushed DNS through, read from the session itself", () => {
    const { route } = fakeRoute();
    const calls: string[] = [];
    const wrapped = superviseDisguise(
      fakeSession(calls, { pushedDns: ['10.8.0.1'] }).session,
      route,
    ) as TunnelSession & {
      pushedDns?: () => string[];
    };
    expect(wrapped.pushedDns?.()).toEqual(['10.8.0.1']);
    expect(calls).toEqual(['pushedDns on the session']);
    expect('pushedDns' in superviseDisguise(fakeSession([]).session, route)).toBe(false);
  });
});
