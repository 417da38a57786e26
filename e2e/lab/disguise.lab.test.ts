import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock';
import { startDisguiseProgram } from '../../main/core/disguise/disguise-process';
import { parseDisguises } from '../../main/core/disguise/parse-disguises';
import { DISGUISE_ACCOUNT } from '../../main/core/disguise/program-spec';
import { shadowsocksTunnelSpec } from '../../main/core/disguise/shadowsocks-program';
import { NodeFilePort } from '../../main/core/system/file-port';
import { NetnsProcessRunner } from '../../main/core/system/netns-process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import { WireGuardDriver } from '../../main/core/tunnel/wireguard/wireguard-driver';
import type { Lab, LabServer } from './lab';
import { labWireGuardProfile, snapshotNetns, startLab } from './lab';
import { inNs, inNsChecked } from './lab-commands';
import { LabCensor } from './lab-censor';
import { startShadowsocksServer, type ShadowsocksServer } from './lab-disguise-servers';

// A censor that knows WireGuard by its bytes, and the disguise programs Holdfast configures carrying the same
// WireGuard tunnel past it. Every assertion is about traffic, the censor's own counter, leaks or leftovers.
describe('disguised routes past a censor that recognises VPN protocols', () => {
  let lab: Lab;
  let server: LabServer;
  let censor: LabCensor;
  let ss: ShadowsocksServer;
  let runner: NetnsProcessRunner;
  let runtimeDir: string;
  let baseline: string;
  const daemons: ChildProcess[] = [];

  const driver = () =>
    new WireGuardDriver({
      runner,
      clock: systemClock,
      interfacePrefix: 'hfdg',
      dnsMode: 'resolv-conf',
      resolvConfPath: `/etc/netns/${lab.clientNs}/resolv.conf`,
      handshakeTimeoutMs: 4000,
    });
  const fetchPage = () => inNs(lab.clientNs, 'curl', ['-sS', '--max-time', '3', server.pageUrl]);

  beforeAll(async () => {
    lab = await startLab({ prefix: 'dsg', servers: 1 });
    server = lab.servers[0]!;
    censor = new LabCensor(lab.routerNs);
    await censor.install();
    ss = await startShadowsocksServer(server.ns, server.underlayIp, lab.dir, (child) => daemons.push(child));
    await lab.addEndpoints([
      { ip: ss.host, proto: 'udp', port: ss.port },
      { ip: ss.host, proto: 'tcp', port: ss.port },
    ]);
    runner = new NetnsProcessRunner(new NodeProcessRunner(), lab.clientNs);
    runtimeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dsg-runtime-'));
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterAll(async () => {
    for (const child of daemons) if (child.exitCode === null) child.kill('SIGTERM');
    await lab?.stop();
    if (runtimeDir) await fs.rm(runtimeDir, { recursive: true, force: true });
  });

  it('cuts a plain WireGuard handshake while the same server still answers on other ports', async () => {
    await censor.on();
    const { profile, secrets } = labWireGuardProfile(server);
    const session = await driver().start({ profile, secrets, runtimeDir });
    try {
      await expect(session.ready()).rejects.toThrow(/handshake/i);
    } finally {
      await session.stop();
    }
    expect(await censor.dropped()).toBeGreaterThan(0);
    const other = await inNs(lab.clientNs, 'curl', [
      '-sS',
      '--max-time',
      '3',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      `http://${server.underlayIp}:9/`,
    ]);
    // Port 9 is closed on the server: curl's "could not connect" (7), not its timeout (28), shows that the
    // address itself still answers while the protocol is cut.
    expect(other.code).toBe(7);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('cuts a WireGuard tunnel it let through when it switches on mid-session', async () => {
    await censor.off();
    const { profile, secrets } = labWireGuardProfile(server);
    const session = await driver().start({ profile, secrets, runtimeDir });
    try {
      await session.ready();
      expect((await fetchPage()).stdout).toBe(server.pageText);
      await censor.on();
      const cut = await fetchPage();
      expect(cut.code).not.toBe(0);
      expect(await censor.dropped()).toBeGreaterThan(0);
    } finally {
      await session.stop();
    }
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('carries the same WireGuard tunnel through Shadowsocks, with the program running without root', async () => {
    await censor.on();
    const leaksBefore = await lab.countLeaks();
    const parsed = parseDisguises('lab.txt', ss.uri);
    expect(parsed.errors).toEqual([]);
    const disguise = parsed.disguises[0]!;
    if (disguise.params.kind !== 'shadowsocks') throw new Error('expected a Shadowsocks disguise');
    const dir = path.join(runtimeDir, 'disguise');
    const spec = shadowsocksTunnelSpec(
      {
        params: disguise.params,
        password: disguise.secrets[disguise.params.password]!,
        localPort: 40051,
        dir,
        dropTo: DISGUISE_ACCOUNT,
      },
      { host: '127.0.0.1', port: 51820 },
    );
    const program = await startDisguiseProgram(spec, dir, { runner, files: new NodeFilePort(), clock: systemClock });
    // The disguise server is reached outside the tunnel: a host route beside the tunnel's policy routing.
    await inNsChecked(lab.clientNs, 'ip', ['route', 'add', `${ss.host}/32`, 'via', '10.200.0.1']);
    try {
      const owner = await inNsChecked(lab.clientNs, 'ps', ['-o', 'user=', '-p', String(program.pid)]);
      expect(owner.stdout.trim()).toBe('nobody');

      const { profile, secrets } = labWireGuardProfile(server);
      const disguised = {
        ...profile,
        interface: { ...profile.interface, mtu: 1360 },
        peers: profile.peers.map((peer) => ({ ...peer, endpoint: program.local })),
      };
      const session = await driver().start({ profile: disguised, secrets, runtimeDir });
      try {
        await session.ready();
        const page = await fetchPage();
        expect(page.stdout).toBe(server.pageText);
        const droppedWhileDisguised = await censor.dropped();
        await fetchPage();
        expect(await censor.dropped()).toBe(droppedWhileDisguised);
      } finally {
        await session.stop();
      }
      expect(await lab.countLeaks()).toBe(leaksBefore);
    } finally {
      await program.stop();
      await inNs(lab.clientNs, 'ip', ['route', 'del', `${ss.host}/32`, 'via', '10.200.0.1']);
    }
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });
});
