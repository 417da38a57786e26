import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock';
import { startDisguiseProgram, type RunningDisguise } from '../../main/core/disguise/disguise-process';
import { obfs4Spec } from '../../main/core/disguise/obfs4-program';
import { parseDisguises } from '../../main/core/disguise/parse-disguises';
import { DISGUISE_ACCOUNT, type DisguiseProgramSpec } from '../../main/core/disguise/program-spec';
import { shadowsocksLocalSpec } from '../../main/core/disguise/shadowsocks-program';
import { stunnelSpec } from '../../main/core/disguise/stunnel-program';
import type { ParsedDisguise } from '../../main/core/disguise/types';
import { NodeFilePort } from '../../main/core/system/file-port';
import { NetnsProcessRunner } from '../../main/core/system/netns-process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import type { Lab, LabServer } from './lab';
import { snapshotNetns, startLab } from './lab';
import { inNs, inNsChecked } from './lab-commands';
import { LabCensor } from './lab-censor';
import {
  startObfs4Server,
  startShadowsocksServer,
  startTlsServer,
  type Obfs4Server,
  type ShadowsocksServer,
  type TlsServer,
} from './lab-disguise-servers';
import { OPENVPN_TCP_PORT, OPENVPN_UDP_PORT, startOpenVpnFleet, type OpenVpnFleet } from './lab-openvpn-fleet';
import { startPlainOpenVpn } from './plain-openvpn-client';

// OpenVPN over TCP past the lab's censor, through each disguise program as Holdfast configures it: stunnel
// (TLS), obfs4proxy (obfs4) and ss-local (Shadowsocks). The client here is the stock openvpn binary pointed
// at the disguise, so what is proven is the chain itself: censor, disguise programs, servers and routing.
const CONNECTED = /Initialization Sequence Completed/;
const ROUTER = '10.200.0.1';

describe('OpenVPN through disguises past a censor', () => {
  let lab: Lab;
  let server: LabServer;
  let fleet: OpenVpnFleet;
  let censor: LabCensor;
  let tls: TlsServer;
  let obfs4: Obfs4Server;
  let ss: ShadowsocksServer;
  let runner: NetnsProcessRunner;
  let runtimeDir: string;
  let baseline: string;
  const daemons: ChildProcess[] = [];
  const track = (child: ChildProcess): void => void daemons.push(child);
  const behind = { host: '127.0.0.1', port: OPENVPN_TCP_PORT };

  const pageBehind = () => fleet.entries.find((e) => e.proto === 'tcp')!.openvpn;
  const fetchPage = () => inNs(lab.clientNs, 'curl', ['-sS', '--max-time', '3', pageBehind().pageUrl]);
  const only = (line: string): ParsedDisguise => {
    const parsed = parseDisguises('lab.txt', line);
    expect(parsed.errors).toEqual([]);
    return parsed.disguises[0]!;
  };
  const start = (spec: DisguiseProgramSpec, dir: string): Promise<RunningDisguise> =>
    startDisguiseProgram(spec, dir, { runner, files: new NodeFilePort(), clock: systemClock });

  /** Runs openvpn with these remote lines until connected (or not), fetches the page, and tears it all down. */
  async function connectThrough(
    name: string,
    remote: { host: string; port: number; proto?: 'udp' | 'tcp' },
    extra: string[],
    waitMs = 20_000,
  ) {
    const leaksBefore = await lab.countLeaks();
    const droppedBefore = await censor.dropped();
    await inNsChecked(lab.clientNs, 'ip', ['route', 'add', `${server.underlayIp}/32`, 'via', ROUTER]);
    const client = await startPlainOpenVpn(lab, fleet, {
      name,
      device: `dsotun`,
      remotes: [{ proto: 'tcp', ...remote }],
      extra: ['connect-retry 1 1', ...extra],
    });
    try {
      const up = await client.waitForLine(CONNECTED, 0, waitMs);
      const page = up ? await fetchPage() : undefined;
      return {
        up: up !== null,
        page: page?.stdout,
        log: client.lines
          .map((l) => l.text)
          .slice(-8)
          .join('\n'),
        dropped: (await censor.dropped()) - droppedBefore,
        leaks: (await lab.countLeaks()) - leaksBefore,
      };
    } finally {
      await client.stop();
      await inNs(lab.clientNs, 'ip', ['route', 'del', `${server.underlayIp}/32`, 'via', ROUTER]);
    }
  }

  beforeAll(async () => {
    lab = await startLab({ prefix: 'dso', servers: 1 });
    server = lab.servers[0]!;
    fleet = await startOpenVpnFleet(lab);
    censor = new LabCensor(lab.routerNs);
    await censor.install();
    tls = await startTlsServer(server.ns, server.underlayIp, 8443, behind, lab.dir, track);
    obfs4 = await startObfs4Server(server.ns, server.underlayIp, 9443, behind, lab.dir, track);
    ss = await startShadowsocksServer(server.ns, server.underlayIp, lab.dir, track);
    await lab.addEndpoints([
      { ip: server.underlayIp, proto: 'tcp', port: tls.port },
      { ip: server.underlayIp, proto: 'tcp', port: obfs4.port },
      { ip: server.underlayIp, proto: 'tcp', port: ss.port },
    ]);
    runner = new NetnsProcessRunner(new NodeProcessRunner(), lab.clientNs);
    runtimeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dso-runtime-'));
    await fs.chmod(runtimeDir, 0o711);
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterAll(async () => {
    await fleet?.stop();
    for (const child of daemons) if (child.exitCode === null) child.kill('SIGTERM');
    await lab?.stop();
    if (runtimeDir) await fs.rm(runtimeDir, { recursive: true, force: true });
  });

  it('cuts plain OpenVPN over TCP and UDP once switched on', async () => {
    await censor.off();
    const open = await connectThrough('plain-open', { host: server.underlayIp, port: OPENVPN_TCP_PORT }, []);
    expect(open.up).toBe(true);
    expect(open.page).toBe(pageBehind().pageText);

    await censor.on();
    const cut = await connectThrough('plain-cut', { host: server.underlayIp, port: OPENVPN_TCP_PORT }, [], 8000);
    expect(cut.up).toBe(false);
    expect(cut.dropped).toBeGreaterThan(0);
    const udp = await connectThrough(
      'plain-udp',
      { host: server.underlayIp, port: OPENVPN_UDP_PORT, proto: 'udp' },
      [],
      8000,
    );
    expect(udp.up).toBe(false);
    expect(udp.dropped).toBeGreaterThan(0);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('gets through inside TLS (stunnel), without root', async () => {
    await censor.on();
    const dir = path.join(runtimeDir, 'tls');
    const disguise = only(tls.line);
    if (disguise.params.kind !== 'tls') throw new Error('expected a TLS disguise');
    const program = await start(
      stunnelSpec({ params: disguise.params, localPort: 40061, dir, dropTo: DISGUISE_ACCOUNT }),
      dir,
    );
    try {
      const owner = await inNsChecked(lab.clientNs, 'ps', ['-o', 'user=', '-p', String(program.pid)]);
      expect(owner.stdout.trim()).toBe('nobody');
      const result = await connectThrough('via-tls', program.local, []);
      expect(result, result.log).toMatchObject({ up: true, page: pageBehind().pageText, dropped: 0, leaks: 0 });
    } finally {
      await program.stop();
    }
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('gets through inside obfs4, the bridge arguments passed as SOCKS credentials', async () => {
    await censor.on();
    const dir = path.join(runtimeDir, 'obfs4');
    const disguise = only(obfs4.line);
    if (disguise.params.kind !== 'obfs4') throw new Error('expected an obfs4 disguise');
    const cert = disguise.secrets[disguise.params.cert]!;
    const program = await start(obfs4Spec({ params: disguise.params, cert, dir, dropTo: DISGUISE_ACCOUNT }), dir);
    try {
      const owner = await inNsChecked(lab.clientNs, 'ps', ['-o', 'user=', '-p', String(program.pid)]);
      expect(owner.stdout.trim()).toBe('nobody');
      const result = await connectThrough('via-obfs4', { host: obfs4.host, port: obfs4.port }, [
        `socks-proxy ${program.local.host} ${program.local.port} ${dir}/obfs4-socks-auth`,
      ]);
      expect(result, result.log).toMatchObject({ up: true, page: pageBehind().pageText, dropped: 0, leaks: 0 });
    } finally {
      await program.stop();
    }
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('gets through inside Shadowsocks (ss-local as a SOCKS proxy)', async () => {
    await censor.on();
    const dir = path.join(runtimeDir, 'ss');
    const disguise = only(ss.uri);
    if (disguise.params.kind !== 'shadowsocks') throw new Error('expected a Shadowsocks disguise');
    const password = disguise.secrets[disguise.params.password]!;
    const program = await start(
      shadowsocksLocalSpec({ params: disguise.params, password, localPort: 40062, dir, dropTo: DISGUISE_ACCOUNT }),
      dir,
    );
    try {
      const owner = await inNsChecked(lab.clientNs, 'ps', ['-o', 'user=', '-p', String(program.pid)]);
      expect(owner.stdout.trim()).toBe('nobody');
      // The SOCKS target is the OpenVPN server as the Shadowsocks server sees it.
      const result = await connectThrough('via-ss', behind, [
        `socks-proxy ${program.local.host} ${program.local.port}`,
      ]);
      expect(result, result.log).toMatchObject({ up: true, page: pageBehind().pageText, dropped: 0, leaks: 0 });
    } finally {
      await program.stop();
    }
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });
});
