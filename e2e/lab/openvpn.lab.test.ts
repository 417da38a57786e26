import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock';
import { HoldfastError } from '../../main/core/errors';
import { assessStrength, meetsMinimum } from '../../main/core/security/strength';
import { NetnsProcessRunner } from '../../main/core/system/netns-process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import { pingProbe } from '../../main/core/system/ping-probe';
import type { TunnelEvent, TunnelStartRequest } from '../../main/core/tunnel/driver';
import { OpenVpnDriver, type OpenVpnDriverDeps } from '../../main/core/tunnel/openvpn/openvpn-driver';
import type { OpenVpnSession } from '../../main/core/tunnel/openvpn/openvpn-session';
import type { Lab } from './lab';
import { snapshotNetns, startLab } from './lab';
import { host, inNsChecked } from './lab-commands';
import { createLabPki, type LabPki } from './openvpn-pki';
import {
  LAB_PASSWORD,
  LAB_USERNAME,
  labOpenVpnProfile,
  startOpenVpnServer,
  type ClientProfileOptions,
  type OpenVpnLabServer,
} from './openvpn-servers';

// The OpenVPN driver against real OpenVPN servers: each server runs in a lab server namespace, the driver
// runs in the client namespace through a runner that prefixes `ip netns exec`. Assertions are about what
// was negotiated, about traffic reaching pages that exist only behind the tunnels, and about leftovers.
const PREFIX = 'hfo';
const SERVER1_V6 = 'fd00:200:1::2';

describe('OpenVPN driver in the lab', () => {
  let lab: Lab;
  let pki: LabPki;
  let runtimeDir: string;
  let baseline: string;
  let runner: NetnsProcessRunner;
  const servers: OpenVpnLabServer[] = [];

  const driver = (deps: Partial<OpenVpnDriverDeps> = {}) =>
    new OpenVpnDriver({
      runner,
      clock: systemClock,
      interfacePrefix: PREFIX,
      dnsMode: 'resolv-conf',
      // Inside `ip netns exec` /etc/resolv.conf is this file; from here it must be named directly.
      resolvConfPath: `/etc/netns/${lab.clientNs}/resolv.conf`,
      connectTimeoutMs: 30_000,
      ...deps,
    });
  const fetch = (url: string) => lab.exec(lab.clientNs, 'curl', ['-sS', '--max-time', '3', url]);

  async function connect(
    name: string,
    profileOptions: ClientProfileOptions,
    request: Partial<TunnelStartRequest> = {},
    deps: Partial<OpenVpnDriverDeps> = {},
  ) {
    const { profile, secrets } = await labOpenVpnProfile(pki, name, profileOptions);
    const session = (await driver(deps).start({
      profile,
      secrets,
      runtimeDir,
      credentials: { username: LAB_USERNAME, password: LAB_PASSWORD },
      ...request,
    })) as OpenVpnSession;
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    return { session, events, profile };
  }

  beforeAll(async () => {
    lab = await startLab({ prefix: PREFIX, servers: 3 });
    runner = new NetnsProcessRunner(new NodeProcessRunner(), lab.clientNs);
    runtimeDir = await fs.mkdtemp(path.join(os.tmpdir(), `${PREFIX}-runtime-`));
    pki = await createLabPki(path.join(lab.dir, 'pki'));
    await addIpv6(lab);
    servers.push(
      await startOpenVpnServer(lab, lab.servers[0]!, pki, {
        subnet: 1,
        proto: 'udp',
        port: 1194,
        certificate: 'ec',
        dataCiphers: 'AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305',
        pushRedirectGateway: true,
        dualStack: true,
      }),
      await startOpenVpnServer(lab, lab.servers[1]!, pki, {
        subnet: 2,
        proto: 'tcp',
        port: 443,
        certificate: 'ec',
        dataCiphers: 'AES-128-GCM',
      }),
      await startOpenVpnServer(lab, lab.servers[2]!, pki, {
        subnet: 3,
        proto: 'udp',
        port: 1194,
        certificate: 'rsa',
        dataCiphers: 'AES-256-CBC',
        auth: 'SHA256',
      }),
    );
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterAll(async () => {
    for (const server of servers) await server.stop().catch(() => undefined);
    await lab?.stop();
    if (runtimeDir) await fs.rm(runtimeDir, { recursive: true, force: true });
  });

  it('UDP 1194, full tunnel pushed by the server: AES-256-GCM, strong, DNS applied, clean teardown', async () => {
    const server = servers[0]!;
    expect((await fetch(server.pageUrl)).code).not.toBe(0);
    const { session, events } = await connect('udp-full', { host: server.lab.underlayIp, port: 1194, proto: 'udp' });
    await session.ready();
    const types = events.filter((e) => e.type !== 'log').map((e) => e.type);
    expect(types).toEqual(['negotiated', 'up']);

    const security = session.negotiated()!;
    expect(security).toMatchObject({ dataCipher: 'AES-256-GCM', controlTlsVersion: 'TLSv1.3', tlsWrap: 'tls-crypt' });
    const rated = assessStrength(security);
    expect(rated).toMatchObject({ dataCipher: 'AES-256-GCM', dataKeyBits: 256, securityBits: 128, rating: 'strong' });

    expect((await fetch(server.pageUrl)).stdout).toBe(server.pageText);
    // The WireGuard page of the same server is routable only through the default route the server pushed.
    expect((await fetch(server.lab.pageUrl)).stdout).toBe(server.lab.pageText);
    // The server's own keepalive timers were filtered out in favour of Holdfast's.
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs).toContain("Pushed option removed by filter: 'ping 10'");
    expect(logs).toContain('Timers: ping 2, ping-restart 20');
    expect(session.probeTarget()).toBe(server.tunnelIp);
    expect(await pingProbe(runner, session.probeTarget()!, 2000)).toBe(true);
    const resolv = await fs.readFile(`/etc/netns/${lab.clientNs}/resolv.conf`, 'utf8');
    expect(resolv).toContain(`nameserver ${server.tunnelIp}\n`);

    await waitFor(async () => (await session.status()).rxBytes > 0);
    const status = await session.status();
    expect(status).toMatchObject({ endpoint: `${server.lab.underlayIp}:1194`, tunnelAddresses: ['10.98.1.2/24'] });
    expect(status.txBytes).toBeGreaterThan(0);

    await session.stop();
    expect(events.filter((e) => e.type === 'exited')).toHaveLength(1);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    expect((await fetch(server.pageUrl)).code).not.toBe(0);
    expect(await fs.readdir(runtimeDir)).toEqual([]);
  });

  it('TCP 443 to a server limited to AES-128-GCM: 128-bit key, refused by a 256-bit minimum', async () => {
    const server = servers[1]!;
    const { session } = await connect(
      'tcp-443',
      { host: server.lab.underlayIp, port: 443, proto: 'tcp' },
      { fullTunnel: true },
    );
    await session.ready();
    const rated = assessStrength(session.negotiated()!);
    expect(rated).toMatchObject({ dataCipher: 'AES-128-GCM', dataKeyBits: 128, securityBits: 128, rating: 'strong' });
    expect(meetsMinimum(rated, { minimumKeyBits: 256, refuseLegacyCiphers: false })).toMatchObject({
      ok: false,
      code: 'below-minimum-key-bits',
    });
    expect(meetsMinimum(rated, { minimumKeyBits: 128, refuseLegacyCiphers: true })).toEqual({ ok: true });

    expect((await fetch(server.pageUrl)).stdout).toBe(server.pageText);
    // fullTunnel: Holdfast's own redirect-gateway, the server pushed none.
    expect((await fetch(server.lab.pageUrl)).stdout).toBe(server.lab.pageText);
    expect((await session.status()).endpoint).toBe(`${server.lab.underlayIp}:443`);
    await session.stop();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('a server offering only AES-256-CBC with an RSA-2048 certificate: legacy, 256-bit key, ~112-bit security', async () => {
    const server = servers[2]!;
    // OpenVPN 2.6 servers pick from the client's data-ciphers list; a fallback alone is not offered.
    const { session } = await connect('cbc-only', {
      host: server.lab.underlayIp,
      port: 1194,
      proto: 'udp',
      extra: ['data-ciphers AES-256-GCM:AES-256-CBC', 'auth SHA256'],
    });
    await session.ready();
    const security = session.negotiated()!;
    expect(security).toMatchObject({
      dataCipher: 'AES-256-CBC',
      dataAuth: 'SHA256',
      peerCertificate: { type: 'RSA', bits: 2048 },
    });
    const rated = assessStrength(security);
    expect(rated).toMatchObject({ dataKeyBits: 256, securityBits: 112, rating: 'legacy' });
    expect(rated.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['cbc-with-hmac', 'certificate-below-128']),
    );
    expect(meetsMinimum(rated, { minimumKeyBits: 0, refuseLegacyCiphers: true }).ok).toBe(false);

    expect((await fetch(server.pageUrl)).stdout).toBe(server.pageText);
    await session.stop();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('a cipher mismatch is a connection failure, not a wrong password', async () => {
    const server = servers[2]!;
    const { session, events } = await connect('cbc-fallback-only', {
      host: server.lab.underlayIp,
      port: 1194,
      proto: 'udp',
      extra: ['data-ciphers-fallback AES-256-CBC'],
    });
    const error = await session.ready().catch((e: unknown) => e);
    expect((error as HoldfastError).code).toBe('tunnel-failed');
    expect((error as Error).message).toContain('no shared cipher');
    expect(events.some((e) => e.type === 'auth-failed')).toBe(false);
    await session.stop();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('reaches a server over an IPv6 endpoint', async () => {
    const server = servers[0]!;
    const { session } = await connect(
      'udp-ipv6',
      { host: SERVER1_V6, port: 1194, proto: 'udp' },
      { fullTunnel: false },
    );
    await session.ready();
    expect((await session.status()).endpoint).toBe(`[${SERVER1_V6}]:1194`);
    expect((await fetch(server.pageUrl)).stdout).toBe(server.pageText);
    // fullTunnel false: the pushed redirect-gateway was refused, so the other page stays out of reach.
    expect((await fetch(server.lab.pageUrl)).code).not.toBe(0);
    await session.stop();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('notices a dead server within seconds (short timers) and reconnects when it answers again', async () => {
    const server = servers[1]!;
    const { session, events } = await connect(
      'blackholed',
      { host: server.lab.underlayIp, port: 443, proto: 'tcp' },
      {},
      { timers: { pingSeconds: 1, pingRestartSeconds: 4 } },
    );
    await session.ready();
    await lab.blackhole(server.lab);
    const cut = Date.now();
    await waitFor(async () => events.some((e) => e.type === 'reconnecting'), 15_000);
    expect(Date.now() - cut).toBeLessThan(10_000);
    expect(events.find((e) => e.type === 'reconnecting')).toMatchObject({
      reason: expect.stringMatching(/ping-restart|connection-reset/),
    });
    await lab.restore(server.lab);
    await waitFor(async () => events.filter((e) => e.type === 'up').length >= 2, 30_000);
    expect((await fetch(server.pageUrl)).stdout).toBe(server.pageText);
    await session.stop();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('reports a wrong password as auth-failed, tries once, and leaves nothing behind', async () => {
    const server = servers[0]!;
    const { session, events } = await connect(
      'wrong-password',
      { host: server.lab.underlayIp, port: 1194, proto: 'udp' },
      { credentials: { username: LAB_USERNAME, password: 'not the password' } },
    );
    const error = await session.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoldfastError);
    expect((error as HoldfastError).code).toBe('auth-failed');
    expect(events.filter((e) => e.type === 'auth-failed')).toHaveLength(1);
    await session.stop();
    const pid = session.pid!;
    expect((await host('kill', ['-0', String(pid)])).code).not.toBe(0);
    expect(
      server.output().match(/AUTH_FAILED|auth-user-pass-verify.*failed|Verification Failed/gi)?.length ?? 0,
    ).toBeGreaterThan(0);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    expect(JSON.stringify(events)).not.toContain('not the password');
  });

  it('kills a frozen OpenVPN on stop and removes the server route it left behind', async () => {
    const server = servers[0]!;
    const { session, events } = await connect(
      'frozen',
      { host: server.lab.underlayIp, port: 1194, proto: 'udp' },
      {},
      { stopTimeoutMs: 1500 },
    );
    await session.ready();
    const routes = (await inNsChecked(lab.clientNs, 'ip', ['-4', 'route', 'show'])).stdout;
    expect(routes).toContain(`${server.lab.underlayIp} via 10.200.0.1`);
    await host('kill', ['-STOP', String(session.pid)]);
    await session.stop();
    expect(events.some((e) => e.type === 'log' && e.message.includes('killing it'))).toBe(true);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });
});

/** IPv6 on the client's and the first server's links, before the baseline snapshot is taken. */
async function addIpv6(lab: Lab): Promise<void> {
  const p = lab.prefix;
  await inNsChecked(lab.routerNs, 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.forwarding=1']);
  await inNsChecked(lab.routerNs, 'ip', ['-6', 'address', 'add', 'fd00:200::1/64', 'dev', `${p}r0`, 'nodad']);
  await inNsChecked(lab.routerNs, 'ip', ['-6', 'address', 'add', 'fd00:200:1::1/64', 'dev', `${p}r1`, 'nodad']);
  await inNsChecked(lab.clientNs, 'ip', ['-6', 'address', 'add', 'fd00:200::2/64', 'dev', `${p}c0`, 'nodad']);
  await inNsChecked(lab.clientNs, 'ip', ['-6', 'route', 'add', 'default', 'via', 'fd00:200::1']);
  const ns = lab.servers[0]!.ns;
  await inNsChecked(ns, 'ip', ['-6', 'address', 'add', `${SERVER1_V6}/64`, 'dev', `${p}v1`, 'nodad']);
  await inNsChecked(ns, 'ip', ['-6', 'route', 'add', 'default', 'via', 'fd00:200:1::1']);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
