import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock';
import { NetnsProcessRunner } from '../../main/core/system/netns-process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import type { TunnelSession } from '../../main/core/tunnel/driver';
import { WireGuardDriver } from '../../main/core/tunnel/wireguard/wireguard-driver';
import type { Lab, LabServer } from './lab';
import { labWireGuardProfile, snapshotNetns, startLab } from './lab';
import { sleep, waitUntil } from './lab-commands';
import { OPENVPN_TCP_PORT, OPENVPN_UDP_PORT, startOpenVpnFleet, type OpenVpnFleet } from './lab-openvpn-fleet';
import { startPlainOpenVpn, type PlainOpenVpnClient } from './plain-openvpn-client';

// Each lab fault must really do what it says, seen from the client: traffic through the tunnel stops or
// passes, handshakes complete or not, and the leak counter counts exactly what left in the clear.
describe('lab faults and leak accounting', () => {
  let lab: Lab;
  let fleet: OpenVpnFleet;
  let runner: NetnsProcessRunner;
  let runtimeDir: string;
  let baseline: string;
  let session: TunnelSession | undefined;
  let plain: PlainOpenVpnClient | undefined;
  const echoes: ChildProcess[] = [];

  const curl = (url: string, seconds = 2) =>
    lab.exec(lab.clientNs, 'curl', ['-sS', '--max-time', String(seconds), url]);
  const pageWorks = async (url: string, text: string) => (await curl(url)).stdout === text;
  const wireguardUp = async (server: LabServer, handshakeTimeoutMs = 10_000): Promise<TunnelSession> => {
    const driver = new WireGuardDriver({
      runner,
      clock: systemClock,
      interfacePrefix: 'hffw',
      dnsMode: 'resolv-conf',
      resolvConfPath: `/etc/netns/${lab.clientNs}/resolv.conf`,
      handshakeTimeoutMs,
    });
    const { profile, secrets } = labWireGuardProfile(server);
    session = await driver.start({ profile, secrets, runtimeDir });
    await session.ready();
    return session;
  };
  /** One TCP connect from the client: 'connected', 'ECONNREFUSED' (a reset) or 'timeout'. */
  const tcpConnect = async (ip: string, port: number): Promise<string> => {
    const code = `const c=require('net').connect(${port},'${ip}');c.setTimeout(1500,()=>{console.log('timeout');c.destroy()});c.on('connect',()=>{console.log('connected');c.destroy()});c.on('error',(e)=>console.log(e.code))`;
    return (await lab.exec(lab.clientNs, process.execPath, ['-e', code], { timeoutMs: 10_000 })).stdout.trim();
  };
  /** Sends one datagram to a UDP echo in the server's namespace: did the server get it, did the echo come back? */
  const udpRoundTrip = async (server: LabServer): Promise<{ arrived: boolean; echoed: boolean }> => {
    const port = 9999;
    const echo = spawn(
      'ip',
      [
        'netns',
        'exec',
        server.ns,
        process.execPath,
        '-e',
        `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>{console.log('got');s.send(m,r.port,r.address)});s.bind(${port},()=>console.log('ready'))`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    echoes.push(echo);
    let said = '';
    echo.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await waitUntil(() => said.includes('ready'), 5000);
    const code = `const s=require('dgram').createSocket('udp4');s.on('message',()=>{console.log('echoed');process.exit(0)});s.send('hff',${port},'${server.underlayIp}');setTimeout(()=>{console.log('silence');process.exit(0)},1500)`;
    const client = await lab.exec(lab.clientNs, process.execPath, ['-e', code], { timeoutMs: 10_000 });
    echo.kill('SIGTERM');
    return { arrived: said.includes('got'), echoed: client.stdout.includes('echoed') };
  };

  beforeAll(async () => {
    lab = await startLab({ prefix: 'hff', servers: 2 });
    // Taken at once: startLab waits until IPv6 link-local addresses have settled.
    baseline = await snapshotNetns(lab.clientNs);
    runner = new NetnsProcessRunner(new NodeProcessRunner(), lab.clientNs);
    runtimeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hff-runtime-'));
    fleet = await startOpenVpnFleet(lab);
  });

  afterEach(async () => {
    await session?.stop().catch(() => undefined);
    session = undefined;
    await plain?.stop();
    plain = undefined;
    await lab.restoreAll();
  });

  afterAll(async () => {
    for (const echo of echoes) if (echo.exitCode === null) echo.kill('SIGKILL');
    await fleet?.stop();
    await lab?.stop();
    if (runtimeDir) await fs.rm(runtimeDir, { recursive: true, force: true });
  });

  it('a snapshot taken right after startLab is already final', async () => {
    await sleep(1500);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('counts packets that leave in the clear, and only those; the outside page is reachable only that way', async () => {
    const before = await lab.countLeaks();
    // Tunnel traffic to every registered endpoint is not a leak.
    expect(lab.endpoints()).toHaveLength(6);
    expect(await tcpConnect(lab.servers[1]!.underlayIp, OPENVPN_TCP_PORT)).toBe('connected');
    await wireguardUp(lab.servers[0]!);
    expect(await pageWorks(lab.servers[0]!.pageUrl, lab.servers[0]!.pageText)).toBe(true);
    // Inside the tunnel the outside host is out of reach (the server does not forward).
    expect((await curl(lab.outside.pageUrl, 1)).stdout).not.toContain(lab.outside.pageText);
    expect(await lab.countLeaks()).toBe(before);

    await session!.stop();
    session = undefined;
    expect((await curl(lab.outside.pageUrl)).stdout).toBe(lab.outside.pageText);
    const leaked = (await lab.countLeaks()) - before;
    // SYN, ACK, request, ACKs, FIN...: a plain HTTP fetch is several packets, all of them counted.
    expect(leaked).toBeGreaterThanOrEqual(4);
    expect(leaked).toBeLessThan(20);
  });

  it('blackhole stops traffic through the tunnel; restore brings it back', async () => {
    const server = lab.servers[0]!;
    await wireguardUp(server);
    expect(await pageWorks(server.pageUrl, server.pageText)).toBe(true);
    await lab.blackhole(server);
    expect(await pageWorks(server.pageUrl, server.pageText)).toBe(false);
    expect(lab.activeFaults()).toEqual({ blackholed: [server.underlayIp] });
    await lab.restore(server);
    await lab.restore(server);
    expect(lab.activeFaults()).toEqual({});
    expect(await waitUntil(() => pageWorks(server.pageUrl, server.pageText), 10_000, 200)).toBe(true);
  });

  it('blockUdp drops WireGuard and OpenVPN over UDP on every server while TCP 443 still connects', async () => {
    await lab.blockUdp('all');
    for (const server of lab.servers) {
      expect((await udpRoundTrip(server)).arrived).toBe(false);
      expect(await tcpConnect(server.underlayIp, OPENVPN_TCP_PORT)).toBe('connected');
    }
    const err = await wireguardUp(lab.servers[1]!, 3000).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/No WireGuard handshake/);
  });

  it('resetTcp answers TCP with a reset at once; UDP is untouched', async () => {
    const server = lab.servers[1]!;
    await lab.resetTcp(server);
    const started = Date.now();
    expect(await tcpConnect(server.underlayIp, OPENVPN_TCP_PORT)).toBe('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await udpRoundTrip(server)).toEqual({ arrived: true, echoed: true });
    expect(await tcpConnect(lab.servers[0]!.underlayIp, OPENVPN_TCP_PORT)).toBe('connected');
  });

  it('oneWayLoss drops only the chosen direction', async () => {
    const server = lab.servers[0]!;
    expect(await udpRoundTrip(server)).toEqual({ arrived: true, echoed: true });
    await lab.oneWayLoss(server, 'to-server');
    expect(await udpRoundTrip(server)).toEqual({ arrived: false, echoed: false });
    await lab.restore(server);
    await lab.oneWayLoss(server, 'from-server');
    expect(await udpRoundTrip(server)).toEqual({ arrived: true, echoed: false });
  });

  it('freezeDataAfterHandshake: a WireGuard handshake completes, data does not pass', async () => {
    const server = lab.servers[1]!;
    await lab.freezeDataAfterHandshake(server);
    const tunnel = await wireguardUp(server);
    expect((await tunnel.status()).handshakeAgeMs).toBeLessThan(10_000);
    expect(await pageWorks(server.pageUrl, server.pageText)).toBe(false);
    await lab.restore(server);
    expect(await waitUntil(() => pageWorks(server.pageUrl, server.pageText), 10_000, 200)).toBe(true);
  });

  it('freezeDataAfterHandshake: plain OpenVPN over UDP completes its handshake, data does not pass', async () => {
    const entry = fleet.entries.find((e) => e.proto === 'udp' && e.server === lab.servers[0])!;
    await lab.freezeDataAfterHandshake(entry.server);
    const started = Date.now();
    plain = await startPlainOpenVpn(lab, fleet, {
      name: 'hff-frozen',
      device: 'hffb0',
      remotes: [{ host: entry.server.underlayIp, port: OPENVPN_UDP_PORT, proto: 'udp' }],
    });
    const ready = await plain.waitForLine(/Initialization Sequence Completed/, started, 30_000);
    expect(ready, plain.lines.map((l) => l.text).join('\n')).not.toBeNull();
    expect(await pageWorks(entry.openvpn.pageUrl, entry.openvpn.pageText)).toBe(false);
    await lab.restore(entry.server);
    expect(await waitUntil(() => pageWorks(entry.openvpn.pageUrl, entry.openvpn.pageText), 10_000, 200)).toBe(true);
  });

  it('killServer stops the WireGuard and OpenVPN daemons; restartServer brings both back with their pages', async () => {
    const server = lab.servers[0]!;
    const tcp = fleet.entries.find((e) => e.proto === 'tcp' && e.server === server)!;
    const tunnel = await wireguardUp(server);
    expect(await pageWorks(server.pageUrl, server.pageText)).toBe(true);
    await lab.killServer(server);
    expect(await pageWorks(server.pageUrl, server.pageText)).toBe(false);
    expect(lab.activeFaults().killed).toEqual([server.underlayIp]);
    // The tunnel takes every route; off it, the dead OpenVPN TCP port answers with a reset.
    await tunnel.stop();
    session = undefined;
    expect(await tcpConnect(server.underlayIp, OPENVPN_TCP_PORT)).toBe('ECONNREFUSED');

    await lab.restartServer(server);
    expect(lab.activeFaults()).toEqual({});
    expect(await tcpConnect(server.underlayIp, OPENVPN_TCP_PORT)).toBe('connected');
    // Same keys and peer as before, and the page server answers again on the restored address.
    await wireguardUp(server);
    expect(await waitUntil(() => pageWorks(server.pageUrl, server.pageText), 10_000, 300)).toBe(true);
    await session!.stop();
    session = undefined;
    plain = await startPlainOpenVpn(lab, fleet, {
      name: 'hff-restarted',
      device: 'hffb0',
      remotes: [{ host: server.underlayIp, port: OPENVPN_TCP_PORT, proto: 'tcp' }],
    });
    expect(await plain.waitForLine(/Initialization Sequence Completed/, 0, 30_000)).not.toBeNull();
    expect(await waitUntil(() => pageWorks(tcp.openvpn.pageUrl, tcp.openvpn.pageText), 10_000, 200)).toBe(true);
  });

  it('leaves the client namespace as it found it', async () => {
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });
});
