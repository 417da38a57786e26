import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock';
import { KillSwitch } from '../../main/core/security/killswitch/kill-switch';
import { buildLinuxRuleset } from '../../main/core/security/killswitch/linux-nft';
import type { KillSwitchPolicy } from '../../main/core/security/killswitch/policy';
import { HelperClient } from '../../main/core/system/helper/helper-client';
import { launchHelper, type LaunchedHelper } from '../../main/core/system/helper/helper-launcher';
import { HelperKillSwitch } from '../../main/core/system/helper/remote-ports';
import { NetnsProcessRunner } from '../../main/core/system/netns-process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import type { TunnelSession } from '../../main/core/tunnel/driver';
import { WireGuardDriver } from '../../main/core/tunnel/wireguard/wireguard-driver';
import type { Lab } from './lab';
import { labWireGuardProfile, snapshotNetns, startLab } from './lab';
import { waitUntil } from './lab-commands';

// The Linux kill switch against real traffic: the client namespace gets the generated nftables table,
// and a counting table in the router namespace proves what left the client in the clear.
const root = path.resolve(import.meta.dirname, '../..');
const helperMain = path.join(root, 'main/core/system/helper/helper-main.ts');
const COUNT_TABLE = 'hfk_count';

describe('kill switch in the lab', () => {
  let lab: Lab;
  let runner: NetnsProcessRunner;
  let stateDir: string;
  let runtimeDir: string;
  let baseline: string;
  let killSwitch: KillSwitch;
  let session: TunnelSession | undefined;
  const helpers: LaunchedHelper[] = [];

  const server = () => lab.servers[0]!;
  const other = () => lab.servers[1]!;
  const clientLink = () => `${lab.prefix}r0`;

  /** Sends one UDP datagram or opens one TCP connection from the client; answers 'sent', 'connected' or the error code. */
  const probe = async (proto: 'udp' | 'tcp', host: string, port: number): Promise<string> => {
    const code =
      proto === 'udp'
        ? `const s=require('dgram').createSocket('udp4');s.send(Buffer.from('hfk'),${port},'${host}',(e)=>{console.log(e?e.code:'sent');s.close()})`
        : `const c=require('net').connect(${port},'${host}');c.setTimeout(1500,()=>{console.log('timeout');c.destroy()});c.on('connect',()=>{console.log('connected');c.destroy()});c.on('error',(e)=>console.log(e.code))`;
    const result = await lab.exec(lab.clientNs, process.execPath, ['-e', code], { timeoutMs: 10_000 });
    return result.stdout.trim();
  };

  /** Packets the router received from the client, as counted by COUNT_TABLE. */
  const routerCounts = async (): Promise<Record<string, number>> => {
    const result = await lab.exec(lab.routerNs, 'nft', ['-j', 'list', 'table', 'inet', COUNT_TABLE]);
    const items = (JSON.parse(result.stdout) as { nftables: Array<{ rule?: { comment?: string; expr: unknown[] } }> })
      .nftables;
    const counts: Record<string, number> = {};
    for (const item of items) {
      const rule = item.rule;
      if (!rule?.comment) continue;
      const counter = rule.expr.find(
        (e): e is { counter: { packets: number } } => typeof e === 'object' && e !== null && 'counter' in e,
      );
      counts[rule.comment] = counter?.counter.packets ?? 0;
    }
    return counts;
  };

  const resetRouterCounts = () =>
    lab.routerNft(`
      add table inet ${COUNT_TABLE}
      delete table inet ${COUNT_TABLE}
      table inet ${COUNT_TABLE} {
        chain pre {
          type filter hook prerouting priority -300; policy accept;
          iifname "${clientLink()}" ip daddr ${server().underlayIp} udp dport 51820 counter comment "tunnel"
          iifname "${clientLink()}" meta nfproto ipv4 counter comment "all ipv4"
          iifname "${clientLink()}" meta l4proto { tcp, udp } th dport 53 counter comment "dns"
          iifname "${clientLink()}" meta nfproto ipv6 meta l4proto != ipv6-icmp counter comment "ipv6 other than neighbour discovery"
        }
      }`);

  const policyFor = (tunnelInterfaces: string[]): KillSwitchPolicy => ({
    tunnelInterfaces,
    endpoints: [{ ip: server().underlayIp, proto: 'udp', port: 51820 }],
    allowLan: false,
    dnsServersInTunnel: tunnelInterfaces.length ? [server().tunnelIp] : [],
    allowIpv6InTunnel: false,
  });

  const tableExists = async () =>
    (await lab.exec(lab.clientNs, 'nft', ['list', 'table', 'inet', 'holdfast'])).code === 0;

  const startHelperInClient = async (helperDir: string): Promise<{ helper: LaunchedHelper; client: HelperClient }> => {
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
    return { helper, client };
  };

  beforeAll(async () => {
    lab = await startLab({ prefix: 'hfk', servers: 2 });
    runner = new NetnsProcessRunner(new NodeProcessRunner(), lab.clientNs);
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hfk-state-'));
    runtimeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hfk-runtime-'));
    killSwitch = new KillSwitch({ runner, stateDir });
    // The veth's IPv6 link-local address appears only after duplicate address detection: wait for it,
    // or the baseline would miss a route the kernel adds a moment later on its own.
    const settled = await waitUntil(async () => {
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
    if (!settled) console.warn('the client link-local address did not settle; the snapshot comparison may be noisy');
    baseline = await snapshotNetns(lab.clientNs);
    await resetRouterCounts();
  });

  // A failed test must not leave a tunnel or rules behind for the next one.
  afterEach(async () => {
    await session?.stop().catch(() => undefined);
    session = undefined;
    await killSwitch?.clear().catch(() => undefined);
  });

  afterAll(async () => {
    for (const h of helpers) if (h.child.exitCode === null) h.child.kill('SIGKILL');
    await killSwitch?.clear().catch(() => undefined);
    await lab?.stop();
    for (const dir of [stateDir, runtimeDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('generates scripts that nft accepts (nft -c), for every step of a connection', async () => {
    const policies: KillSwitchPolicy[] = [
      policyFor([]),
      { ...policyFor([]), endpoints: [...policyFor([]).endpoints, { ip: '2001:db8::7', proto: 'tcp', port: 443 }] },
      policyFor(['hfkt0']),
      {
        ...policyFor(['hfkt0', 'hfkt1']),
        allowLan: true,
        allowIpv6InTunnel: true,
        dnsServersInTunnel: ['10.99.1.1', 'fd00::1'],
      },
      { ...policyFor(['hfkt0']), tunnelFwmark: 51820, allowLan: true, lanRanges: ['192.168.7.0/24'] },
    ];
    for (const policy of policies) {
      const result = await lab.exec(lab.clientNs, 'nft', ['-c', '-f', '-'], { input: buildLinuxRuleset(policy) });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
  });

  it('while connected, lets only the tunnel through: 0 packets leave in the clear, DNS outside the tunnel is blocked', async () => {
    // Connecting: only the candidate endpoint is open.
    await killSwitch.apply(policyFor([]));
    expect(await probe('udp', other().underlayIp, 51820)).toBe('EPERM');
    const { profile, secrets } = labWireGuardProfile(server());
    session = await new WireGuardDriver({
      runner,
      clock: systemClock,
      interfacePrefix: 'hfkt',
      dnsMode: 'resolv-conf',
      resolvConfPath: `/etc/netns/${lab.clientNs}/resolv.conf`,
      handshakeTimeoutMs: 10_000,
    }).start({ profile, secrets, runtimeDir });
    await session.ready();
    // Connected: the tunnel interface and its resolver join the policy, in one swap.
    await killSwitch.apply(policyFor([session.interfaceName]));
    expect((await lab.exec(lab.clientNs, 'curl', ['-sS', '--max-time', '5', server().pageUrl])).stdout).toBe(
      server().pageText,
    );

    await resetRouterCounts();
    // Ordinary traffic to another address follows the tunnel's routes: it leaves, but encrypted.
    expect(await probe('udp', other().underlayIp, 51820)).toBe('sent');
    // A program that binds to the physical interface to get around the tunnel is stopped.
    const bypassPing = await lab.exec(lab.clientNs, 'ping', [
      '-n',
      '-c',
      '1',
      '-W',
      '1',
      '-I',
      `${lab.prefix}c0`,
      other().underlayIp,
    ]);
    expect(bypassPing.code).not.toBe(0);
    const bypassCurl = await lab.exec(lab.clientNs, 'curl', [
      '-sS',
      '--max-time',
      '3',
      '--interface',
      `${lab.prefix}c0`,
      `http://${other().underlayIp}:8080/`,
    ]);
    expect(bypassCurl.code).not.toBe(0);
    // The router is the namespace's original resolver: DNS to it is refused locally, on both protocols.
    expect(await probe('udp', '10.200.0.1', 53)).toBe('EPERM');
    // A dropped SYN does not fail connect() at once (TCP retries); it must simply never connect.
    expect(['EPERM', 'timeout']).toContain(await probe('tcp', '10.200.0.1', 53));
    // Inside the tunnel, only the tunnel's own resolver may be asked.
    expect(await probe('udp', server().tunnelIp, 53)).toBe('sent');
    expect(await probe('udp', '10.99.1.77', 53)).toBe('EPERM');
    expect((await lab.exec(lab.clientNs, 'curl', ['-sS', '--max-time', '5', server().pageUrl])).stdout).toBe(
      server().pageText,
    );

    const counts = await routerCounts();
    expect(counts.tunnel).toBeGreaterThan(0);
    expect(counts['all ipv4']).toBe(counts.tunnel);
    expect(counts.dns).toBe(0);
    expect(counts['ipv6 other than neighbour discovery']).toBe(0);
    const listed = (await lab.exec(lab.clientNs, 'nft', ['list', 'chain', 'inet', 'holdfast', 'output'])).stdout;
    expect(listed).toMatch(/counter packets [1-9]\d* bytes \d+ drop comment "DNS outside the tunnel"/);

    await session.stop();
    session = undefined;
    await killSwitch.clear();
    expect(await tableExists()).toBe(false);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('outlives the process that applied it; the next start reports it; clear() restores the namespace exactly', async () => {
    const helperDir = await fs.mkdtemp(path.join('/run', 'hfk-helper-'));
    await fs.chmod(helperDir, 0o755);
    try {
      const first = await startHelperInClient(helperDir);
      await new HelperKillSwitch(first.client).apply(policyFor([]));
      expect(await tableExists()).toBe(true);
      first.helper.child.kill('SIGKILL');
      // `ip netns exec` execs the helper in place: this pid is the helper itself.
      expect(
        await waitUntil(() => first.helper.child.exitCode !== null || first.helper.child.signalCode !== null, 5000),
      ).toBe(true);
      first.client.close();

      // The rules are still in the kernel and still block.
      expect(await tableExists()).toBe(true);
      expect(await probe('udp', other().underlayIp, 51820)).toBe('EPERM');

      const second = await startHelperInClient(helperDir);
      const remote = new HelperKillSwitch(second.client);
      const status = await remote.status();
      expect(status.active).toBe(true);
      expect(status.leftover).toMatchObject({ ownerAlive: false });
      expect(status.leftover?.message).toMatch(/blocked by a previous Holdfast session since \S+/);

      await remote.clear();
      expect(await remote.status()).toEqual({ active: false });
      expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
      await second.client.request('shutdown', {});
      expect(await waitUntil(() => second.helper.child.exitCode !== null, 10_000)).toBe(true);
    } finally {
      await fs.rm(helperDir, { recursive: true, force: true });
    }
  });
});
