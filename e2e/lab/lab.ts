import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunOptions, RunResult } from '../../main/core/system/process-runner';
import { labPrerequisites } from '../../scripts/lab-prerequisites.mjs';
import { clearLabLeftovers, deleteNamespace, labDirPrefix, removeStaleSockets } from './lab-cleanup';
import { hostChecked, inNs, inNsChecked } from './lab-commands';
import { RouterFaults, type Endpoint, type LossDirection } from './lab-faults';
import { PAGE_PORT, startPage, startServer, WIREGUARD_PORT } from './lab-server';
import type { LabServer } from './lab-server-types';
import { disableDad, waitForLinkLocal } from './lab-settle';
import { killDaemons, restartDaemon, type KilledDaemon } from './namespace-daemons';
import type { WireGuardServerProcess } from './wireguard-server';

/**
 *   client ns ──veth── router ns ──veth── server ns 1 (wireguard-go :51820, page on 10.99.1.1:8080)
 *   10.200.0.2     10.200.0.1 │ 10.200.1.1        10.200.1.2
 *                             ├──veth── server ns 2 ... 10.200.2.2
 *                             └──veth── outside ns 10.250.0.1 (a page only a leak can reach)
 * Routed, distinct subnets; faults and the leak counter are nftables rules in the router namespace.
 * Nothing outside the namespaces is touched apart from /etc/netns/<client>/ and the shared wireguard-go
 * socket folder.
 */
export type { LabServer } from './lab-server-types';
export type { Endpoint, LossDirection } from './lab-faults';
export { PAGE_PORT, WIREGUARD_PORT } from './lab-server';

export interface LabOutside {
  ns: string;
  ip: string;
  pageUrl: string;
  pageText: string;
}

export interface Lab {
  prefix: string;
  dir: string;
  clientNs: string;
  routerNs: string;
  servers: LabServer[];
  /** A host on the open network behind the router: the client reaches it only by leaking. */
  outside: LabOutside;
  exec(ns: string, cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /** `ip netns exec <clientNs> cmd args...` as a child of this process. */
  spawnInClient(cmd: string, args: string[], opts?: SpawnOptions): ChildProcess;

  /** Drops every packet to and from the server's underlay address in the router. */
  blackhole(server: LabServer): Promise<void>;
  /** Drops UDP to and from these servers (every lab server for 'all'); TCP still passes. */
  blockUdp(servers: LabServer[] | 'all'): Promise<void>;
  /** Answers TCP to the server with a reset; the server never sees it. */
  resetTcp(server: LabServer): Promise<void>;
  /**
   * Handshakes pass, data does not: WireGuard message types 1-3 pass and transport data (type 4, which
   * includes keepalives) is dropped; OpenVPN over UDP loses its P_DATA_V1/V2 packets (opcode 6 and 9 in
   * the first byte) while control packets pass. OpenVPN over TCP is not affected (its stream framing
   * does not line up with packets).
   */
  freezeDataAfterHandshake(server: LabServer): Promise<void>;
  /** Drops `percent` (default all) of the packets going one way. */
  oneWayLoss(server: LabServer, direction: LossDirection, percent?: number): Promise<void>;
  /** Lifts every network fault on the server, or on every server when none is named. */
  restore(server?: LabServer): Promise<void>;
  /** SIGKILLs the server's wireguard-go and any openvpn running in its namespace. */
  killServer(server: LabServer): Promise<void>;
  /** Starts again what killServer killed; waits until each daemon is ready. */
  restartServer(server: LabServer): Promise<void>;
  /** Every network fault lifted and every killed daemon running again. */
  restoreAll(): Promise<void>;
  /** Fault name -> addresses, for reports. */
  activeFaults(): Record<string, string[]>;

  /** Registers VPN endpoints (OpenVPN servers started by a suite): traffic to them is not a leak. */
  addEndpoints(endpoints: Endpoint[]): Promise<void>;
  endpoints(): Endpoint[];
  /** Packets that left the client in the clear (not to a VPN endpoint) since the lab started. */
  countLeaks(): Promise<number>;

  /** Loads an nftables script into the router namespace (`nft -f -`). */
  routerNft(script: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** Start of every namespace and interface name: 2-10 lowercase letters or digits. */
  prefix: string;
  servers?: number;
}

export const OUTSIDE_IP = '10.250.0.1';
const OUTSIDE_ROUTER_IP = '10.250.0.254';

export async function startLab(options: LabOptions): Promise<Lab> {
  const { prefix } = options;
  const count = options.servers ?? 2;
  if (!/^[a-z][a-z0-9]{1,9}$/.test(prefix))
    throw new Error(`lab prefix "${prefix}" must be 2-10 lowercase letters/digits`);
  if (!Number.isInteger(count) || count < 1 || count > 50) throw new Error('lab servers must be 1-50');
  const prereq = labPrerequisites();
  if (!prereq.ok) throw new Error(`the lab cannot start: missing ${prereq.missing.join(', ')}; ${prereq.hint}`);

  await clearLabLeftovers(prefix);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), labDirPrefix(prefix)));
  await fs.chmod(dir, 0o700);
  const clientNs = `${prefix}-client`;
  const routerNs = `${prefix}-router`;
  const outsideNs = `${prefix}-out`;
  const serverNs = Array.from({ length: count }, (_, i) => `${prefix}-srv${i + 1}`);
  const allNs = [clientNs, routerNs, outsideNs, ...serverNs];
  const children: ChildProcess[] = [];
  const track = (child: ChildProcess): void => void children.push(child);
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    for (const ns of [...serverNs, outsideNs, routerNs, clientNs]) await deleteNamespace(ns);
    await fs.rm(dir, { recursive: true, force: true });
    await removeStaleSockets((ifname) => ifname.startsWith(prefix));
  };

  try {
    for (const ns of allNs) {
      await hostChecked('ip', ['netns', 'add', ns]);
      await disableDad(ns);
      await inNsChecked(ns, 'ip', ['link', 'set', 'lo', 'up']);
    }
    // DNS changes made inside `ip netns exec <client>` land in this file, never in the host's.
    await fs.mkdir(path.join('/etc/netns', clientNs), { recursive: true });
    await fs.writeFile(path.join('/etc/netns', clientNs, 'resolv.conf'), 'nameserver 10.200.0.1\n');

    await link(clientNs, `${prefix}c0`, '10.200.0.2/24', routerNs, `${prefix}r0`, '10.200.0.1/24');
    await inNsChecked(clientNs, 'ip', ['route', 'add', 'default', 'via', '10.200.0.1']);
    for (const [i, ns] of serverNs.entries()) {
      const n = i + 1;
      await link(ns, `${prefix}v${n}`, `10.200.${n}.2/24`, routerNs, `${prefix}r${n}`, `10.200.${n}.1/24`);
      await inNsChecked(ns, 'ip', ['route', 'add', 'default', 'via', `10.200.${n}.1`]);
    }
    await link(outsideNs, `${prefix}o0`, `${OUTSIDE_IP}/24`, routerNs, `${prefix}ro`, `${OUTSIDE_ROUTER_IP}/24`);
    await inNsChecked(outsideNs, 'ip', ['route', 'add', 'default', 'via', OUTSIDE_ROUTER_IP]);
    await inNsChecked(routerNs, 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);

    const faults = new RouterFaults({ routerNs, clientLink: `${prefix}r0`, wireguardPort: WIREGUARD_PORT });
    await faults.install();

    const servers: LabServer[] = [];
    const daemons = new Map<LabServer, WireGuardServerProcess>();
    for (const [i, ns] of serverNs.entries()) {
      const started = await startServer({ prefix, dir, ns, index: i + 1, track });
      servers.push(started.server);
      daemons.set(started.server, started.wireguard);
    }
    await faults.addEndpoints(servers.map((s) => ({ ip: s.underlayIp, proto: 'udp' as const, port: WIREGUARD_PORT })));
    const outside: LabOutside = {
      ns: outsideNs,
      ip: OUTSIDE_IP,
      pageUrl: `http://${OUTSIDE_IP}:${PAGE_PORT}/`,
      pageText: 'the open network: reached in the clear',
    };
    await startPage(outsideNs, OUTSIDE_IP, outside.pageText, track);
    await waitForLinkLocal(allNs);

    const killed = new Map<LabServer, KilledDaemon[]>();
    const killServer = async (server: LabServer): Promise<void> => {
      await daemons.get(server)?.kill();
      const openvpn = await killDaemons(server.ns, 'openvpn');
      killed.set(server, [...(killed.get(server) ?? []), ...openvpn]);
    };
    const restartServer = async (server: LabServer): Promise<void> => {
      await daemons.get(server)?.start();
      for (const daemon of killed.get(server) ?? []) {
        await restartDaemon(daemon, 'Initialization Sequence Completed', track);
      }
      killed.delete(server);
    };

    return {
      prefix,
      dir,
      clientNs,
      routerNs,
      servers,
      outside,
      exec: (ns, cmd, args, opts) => inNs(ns, cmd, args, opts),
      spawnInClient(cmd, args, opts = {}) {
        const child = spawn('ip', ['netns', 'exec', clientNs, cmd, ...args], { stdio: 'pipe', ...opts });
        track(child);
        return child;
      },
      blackhole: (server) => faults.blackhole(server.underlayIp),
      blockUdp: (which) => faults.blockUdp((which === 'all' ? servers : which).map((s) => s.underlayIp)),
      resetTcp: (server) => faults.resetTcp(server.underlayIp),
      freezeDataAfterHandshake: (server) => faults.freezeData(server.underlayIp),
      oneWayLoss: (server, direction, percent = 100) => faults.oneWayLoss(server.underlayIp, direction, percent),
      restore: (server) => faults.restore(server ? [server.underlayIp] : undefined),
      killServer,
      restartServer,
      restoreAll: async () => {
        await faults.restore();
        for (const server of servers) await restartServer(server);
      },
      activeFaults: () => ({
        ...faults.active(),
        ...(killed.size ? { killed: [...killed.keys()].map((s) => s.underlayIp) } : {}),
        ...([...daemons].some(([, d]) => !d.running)
          ? { 'wireguard-go down': [...daemons].filter(([, d]) => !d.running).map(([s]) => s.underlayIp) }
          : {}),
      }),
      addEndpoints: (endpoints) => faults.addEndpoints(endpoints),
      endpoints: () => faults.listEndpoints(),
      countLeaks: () => faults.countLeaks(),
      routerNft: (script) => nft(routerNs, script),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

async function link(nsA: string, ifA: string, addrA: string, nsB: string, ifB: string, addrB: string): Promise<void> {
  // Created directly inside the namespaces: the host's own link list never sees these names.
  await hostChecked('ip', ['-n', nsA, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', nsB]);
  await inNsChecked(nsA, 'ip', ['address', 'add', addrA, 'dev', ifA]);
  await inNsChecked(nsB, 'ip', ['address', 'add', addrB, 'dev', ifB]);
  await inNsChecked(nsA, 'ip', ['link', 'set', ifA, 'up']);
  await inNsChecked(nsB, 'ip', ['link', 'set', ifB, 'up']);
}

async function nft(ns: string, script: string): Promise<void> {
  await inNsChecked(ns, 'nft', ['-f', '-'], { input: script });
}

export { labPrerequisites } from '../../scripts/lab-prerequisites.mjs';
export { snapshotNetns } from './snapshot';
export { labWireGuardProfile } from './lab-wireguard';
