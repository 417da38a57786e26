import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelperClient } from '../../main/core/system/helper/helper-client';
import { launchHelper, type LaunchedHelper } from '../../main/core/system/helper/helper-launcher';
import { HelperKillSwitch, HelperTunnelDriver } from '../../main/core/system/helper/remote-ports';
import type { Lab } from './lab';
import { labWireGuardProfile, snapshotNetns, startLab } from './lab';
import { waitUntil } from './lab-commands';

// The privileged helper as the app uses it: started with a token on stdin, a WireGuard tunnel and the
// kill switch through its socket, kept alive by a connection after the app is gone, found and stopped
// as an orphan by the next helper, and the namespace left exactly as it was.
const root = path.resolve(import.meta.dirname, '../..');
const helperMain = path.join(root, 'main/core/system/helper/helper-main.ts');

describe('privileged helper in the lab', () => {
  let lab: Lab;
  let helperDir: string;
  let baseline: string;
  const helpers: LaunchedHelper[] = [];
  const clients: HelperClient[] = [];

  const start = async (): Promise<{ helper: LaunchedHelper; client: HelperClient }> => {
    const plan = {
      command: 'ip',
      args: ['netns', 'exec', lab.clientNs, process.execPath, '--import', 'tsx', helperMain, '--uid', '0'],
    };
    const helper = await launchHelper(plan, {
      timeoutMs: 60_000,
      spawn: (command, args) =>
        spawn(command, args, {
          cwd: root,
          stdio: ['pipe', 'pipe', 'pipe'],
          env: { ...process.env, HOLDFAST_HELPER_DIR: helperDir },
        }),
    });
    helpers.push(helper);
    const client = await HelperClient.connect(helper.socket, helper.token, { clientVersion: 'lab', timeoutMs: 30_000 });
    clients.push(client);
    return { helper, client };
  };
  const alive = (h: LaunchedHelper) => h.child.exitCode === null && h.child.signalCode === null;
  const fetchPage = () => lab.exec(lab.clientNs, 'curl', ['-sS', '--max-time', '4', lab.servers[0]!.pageUrl]);

  beforeAll(async () => {
    lab = await startLab({ prefix: 'hfk', servers: 1 });
    helperDir = await fs.mkdtemp(path.join('/run', 'hfk-helper-'));
    await fs.chmod(helperDir, 0o755);
    await waitUntil(async () => {
      const addr = await lab.exec(lab.clientNs, 'ip', [
        '-6',
        'address',
        'show',
        'dev',
        `${lab.prefix}c0`,
        'scope',
        'link',
      ]);
      return addr.stdout.includes('fe80::') && !addr.stdout.includes('tentative');
    }, 10_000);
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const h of helpers) if (alive(h)) h.child.kill('SIGTERM');
    await waitUntil(() => helpers.every((h) => !alive(h)), 10_000);
    await lab
      .exec(lab.clientNs, 'nft', ['-f', '-'], { input: 'add table inet holdfast\ndelete table inet holdfast\n' })
      .catch(() => undefined);
    await lab?.stop();
    if (helperDir) await fs.rm(helperDir, { recursive: true, force: true });
  });

  it('creates its socket 0600 in a root-owned 0755 directory', async () => {
    const { helper } = await start();
    expect((await fs.stat(helper.socket)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(helperDir)).mode & 0o777).toBe(0o755);
    // Without a tunnel, the helper ends with the app (its stdin closes).
    helper.child.stdin?.end();
    expect(await waitUntil(() => !alive(helper), 10_000)).toBe(true);
    await expect(fs.stat(helper.socket)).rejects.toThrow();
  });

  it('carries a tunnel, keeps it after the app is gone, and is stopped as an orphan by the next helper', async () => {
    const first = await start();
    const server = lab.servers[0]!;
    const killSwitch = new HelperKillSwitch(first.client);
    await killSwitch.apply({
      tunnelInterfaces: [],
      endpoints: [{ ip: server.underlayIp, proto: 'udp', port: 51820 }],
      allowLan: false,
      dnsServersInTunnel: [],
      allowIpv6InTunnel: false,
    });
    const { profile, secrets } = labWireGuardProfile(server);
    const session = await new HelperTunnelDriver('wireguard', first.client).start({
      profile,
      secrets,
      runtimeDir: '/nonexistent',
    });
    await session.ready();
    await killSwitch.apply({
      tunnelInterfaces: [session.interfaceName],
      endpoints: [{ ip: server.underlayIp, proto: 'udp', port: 51820 }],
      allowLan: false,
      dnsServersInTunnel: [server.tunnelIp],
      allowIpv6InTunnel: false,
    });
    expect((await fetchPage()).stdout).toBe(server.pageText);
    expect((await session.status()).rxBytes).toBeGreaterThan(0);

    // The app dies: its end of the helper's stdin closes, its socket connection drops.
    first.client.close();
    first.helper.child.stdin?.end();
    await new Promise((r) => setTimeout(r, 1000));
    expect(alive(first.helper)).toBe(true);
    expect((await fetchPage()).stdout).toBe(server.pageText);

    const second = await start();
    expect(second.client.hello.orphans).toEqual([
      expect.objectContaining({ pid: first.helper.pid, uid: 0, tunnels: [session.interfaceName] }),
    ]);
    expect(await second.client.request('orphans.stop', { pid: first.helper.pid })).toEqual({ stopped: true });
    expect(await waitUntil(() => !alive(first.helper), 10_000)).toBe(true);
    expect(
      (await second.client.request('hello', { token: second.helper.token, client: { version: 'lab' } })).orphans,
    ).toEqual([]);

    // The orphan took its tunnel down but left the kill switch: nothing gets out until the user decides.
    expect((await fetchPage()).code).not.toBe(0);
    const status = await new HelperKillSwitch(second.client).status();
    expect(status).toMatchObject({ active: true, leftover: { ownerAlive: false } });
    await new HelperKillSwitch(second.client).clear();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);

    second.helper.child.stdin?.end();
    expect(await waitUntil(() => !alive(second.helper), 10_000)).toBe(true);
  });
});
