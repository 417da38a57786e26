import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock';
import { HoldfastError } from '../../main/core/errors';
import { NetnsProcessRunner } from '../../main/core/system/netns-process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import { pingProbe } from '../../main/core/system/ping-probe';
import type { TunnelEvent } from '../../main/core/tunnel/driver';
import type { WireGuardDriverDeps } from '../../main/core/tunnel/wireguard/wireguard-driver';
import { WireGuardDriver } from '../../main/core/tunnel/wireguard/wireguard-driver';
import type { Lab, LabServer } from './lab';
import { labWireGuardProfile, snapshotNetns, startLab } from './lab';
import { waitUntil } from './lab-commands';

// The WireGuard driver against real wireguard-go servers: the driver runs in the lab's client namespace
// through a runner that prefixes `ip netns exec`, and every assertion is about traffic or leftovers.
const root = path.resolve(import.meta.dirname, '../..');

describe('WireGuard driver in the lab', () => {
  let lab: Lab;
  let runtimeDir: string;
  let baseline: string;
  let runner: NetnsProcessRunner;

  const driver = (deps: Partial<WireGuardDriverDeps> = {}) =>
    new WireGuardDriver({
      runner,
      clock: systemClock,
      interfacePrefix: 'hfwd',
      dnsMode: 'resolv-conf',
      // Inside `ip netns exec` /etc/resolv.conf is this file; from here it must be named directly.
      resolvConfPath: `/etc/netns/${lab.clientNs}/resolv.conf`,
      handshakeTimeoutMs: 10_000,
      ...deps,
    });
  const fetchPage = (server: LabServer) => lab.exec(lab.clientNs, 'curl', ['-sS', '--max-time', '3', server.pageUrl]);

  beforeAll(async () => {
    lab = await startLab({ prefix: 'hfw', servers: 2 });
    runner = new NetnsProcessRunner(new NodeProcessRunner(), lab.clientNs);
    runtimeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hfw-runtime-'));
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterAll(async () => {
    await lab?.stop();
    if (runtimeDir) await fs.rm(runtimeDir, { recursive: true, force: true });
  });

  for (const index of [0, 1]) {
    it(`carries traffic to server-${index + 1} only while connected, and leaves the namespace as it found it`, async () => {
      const server = lab.servers[index]!;
      expect((await fetchPage(server)).code).not.toBe(0);

      const { profile, secrets } = labWireGuardProfile(server);
      const session = await driver().start({ profile, secrets, runtimeDir });
      const events: TunnelEvent[] = [];
      session.onEvent((e) => events.push(e));
      await session.ready();
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['negotiated', 'up']));

      const page = await fetchPage(server);
      expect(page.stdout).toBe(server.pageText);
      expect(await pingProbe(runner, session.probeTarget()!, 2000)).toBe(true);
      const resolv = await fs.readFile(`/etc/netns/${lab.clientNs}/resolv.conf`, 'utf8');
      expect(resolv).toContain(`nameserver ${server.tunnelIp}\n`);

      const status = await session.status();
      expect(status.endpoint).toBe(`${server.underlayIp}:51820`);
      expect(status.rxBytes).toBeGreaterThan(0);
      expect(status.txBytes).toBeGreaterThan(0);
      expect(status.handshakeAgeMs).toBeLessThan(30_000);
      // The session's private files exist while it runs and hold the key only in the 0600 config.
      const sessionDir = path.join(runtimeDir, `wg-${session.interfaceName}`);
      const config = await fs.stat(path.join(sessionDir, `${session.interfaceName}.conf`));
      expect(config.mode & 0o777).toBe(0o600);

      await session.stop();
      expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
      expect(await fs.readdir(runtimeDir)).toEqual([]);
      expect((await fetchPage(server)).code).not.toBe(0);
      await session.stop();
    });
  }

  it('notices a name that is only taken in another namespace (shared wireguard-go socket)', async () => {
    const taken = 'hfwdtaken1';
    const squatter = spawn('ip', ['netns', 'exec', lab.servers[1]!.ns, 'wireguard-go', '-f', taken], {
      stdio: 'ignore',
    });
    try {
      expect(await waitUntil(() => exists(`/var/run/wireguard/${taken}.sock`), 5000)).toBe(true);
      // Invisible to `ip link` in the client namespace: only the socket gives it away.
      expect((await runner.run('ip', ['link', 'show', 'dev', taken])).code).not.toBe(0);

      const names = [taken, 'hfwdfree1'];
      const { profile, secrets } = labWireGuardProfile(lab.servers[0]!);
      const session = await driver({ interfaceNames: () => names.shift() ?? 'hfwdfree2' }).start({
        profile,
        secrets,
        runtimeDir,
      });
      expect(session.interfaceName).toBe('hfwdfree1');
      await session.ready();
      expect((await fetchPage(lab.servers[0]!)).stdout).toBe(lab.servers[0]!.pageText);
      await session.stop();

      const err = await driver({ interfaceNames: () => taken })
        .start({ profile, secrets, runtimeDir })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HoldfastError);
      expect((err as HoldfastError).code).toBe('interface-taken');
      expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    } finally {
      squatter.kill('SIGTERM');
      await new Promise((resolve) => squatter.once('exit', resolve));
    }
  });

  it('fails with a clear reason when the server does not answer, and undoes everything', async () => {
    const server = lab.servers[1]!;
    await lab.blackhole(server);
    try {
      const { profile, secrets } = labWireGuardProfile(server);
      const session = await driver({ handshakeTimeoutMs: 3000 }).start({ profile, secrets, runtimeDir });
      const err = await session.ready().catch((e: unknown) => e);
      expect((err as HoldfastError).code).toBe('tunnel-failed');
      expect((err as Error).message).toMatch(/No WireGuard handshake with 10\.200\.2\.2:51820 within 3 s/);
      await session.stop();
      expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    } finally {
      await lab.restore(server);
    }
  });

  it('after a connect is killed with SIGKILL, the next run in that namespace undoes what it left', async () => {
    const { profile, secrets } = labWireGuardProfile(lab.servers[0]!);
    const profileFile = path.join(lab.dir, 'driver-profile.json');
    await fs.writeFile(profileFile, JSON.stringify({ profile, secrets }), { mode: 0o600 });
    const child = lab.spawnInClient(
      process.execPath,
      ['--import', 'tsx', 'e2e/lab/driver-process.ts', 'connect', runtimeDir, profileFile],
      { cwd: root },
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await waitUntil(() => out.includes('"up"') || child.exitCode !== null, 30_000)).toBe(true);
    const ifname = (JSON.parse(out.trim().split('\n').at(-1)!) as { up: string }).up;
    expect((await fetchPage(lab.servers[0]!)).stdout).toBe(lab.servers[0]!.pageText);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const leftover = await snapshotNetns(lab.clientNs);
    expect(leftover).not.toBe(baseline);
    expect(leftover).toContain(ifname);

    const recover = await lab.exec(
      lab.clientNs,
      process.execPath,
      ['--import', 'tsx', 'e2e/lab/driver-process.ts', 'recover', runtimeDir],
      {
        timeoutMs: 30_000,
      },
    );
    expect(recover.code).toBe(0);
    const reports = JSON.parse(recover.stdout) as Array<{ label: string; failed: unknown[] }>;
    expect(reports).toEqual([expect.objectContaining({ label: `wireguard-${ifname}`, failed: [] })]);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    expect(await fs.readdir(runtimeDir)).toEqual([]);
    expect(await waitUntil(async () => !(await exists(`/var/run/wireguard/${ifname}.sock`)), 3000)).toBe(true);
  });
});

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
