import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunOptions, RunResult } from '../../main/core/system/process-runner';
import { labPrerequisites } from '../../scripts/lab-prerequisites.mjs';
import { clearLabLeftovers, deleteNamespace, labDirPrefix, removeStaleSockets, WIREGUARD_SOCKETS } from './lab-cleanup';
import { hostChecked, inNs, inNsChecked, waitUntil } from './lab-commands';
import { renderClientConf } from './lab-wireguard';

/**
 *   client ns ──veth── router ns ──veth── server ns 1 (wireguard-go :51820, page on 10.99.1.1:8080)
 *   10.200.0.2     10.200.0.1 │ 10.200.1.1        10.200.1.2
 *                             └──veth── server ns 2 ... 10.200.2.2
 * Routed, distinct subnets; faults are nftables rules in the router namespace. Nothing outside the
 * namespaces is touched apart from /etc/netns/<client>/ and the shared wireguard-go socket folder.
 */
export interface LabServer {
  index: number;
  name: string;
  ns: string;
  underlayIp: string;
  tunnelIp: string;
  pageUrl: string;
  pageText: string;
  /** A client .conf for this server, written in lab.dir. */
  wireguardConfPath: string;
  /** The same client settings as data, for tests that build a profile without the parser. */
  wireguard: {
    clientPrivateKey: string;
    clientPublicKey: string;
    clientAddress: string;
    serverPublicKey: string;
    endpoint: { host: string; port: number };
    dns: string;
    interfaceName: string;
  };
}

export interface Lab {
  prefix: string;
  dir: string;
  clientNs: string;
  routerNs: string;
  servers: LabServer[];
  exec(ns: string, cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /** `ip netns exec <clientNs> cmd args...` as a child of this process. */
  spawnInClient(cmd: string, args: string[], opts?: SpawnOptions): ChildProcess;
  /** Drops every packet to and from the server's underlay address in the router. */
  blackhole(server: LabServer): Promise<void>;
  restore(server: LabServer): Promise<void>;
  /** Loads an nftables script into the router namespace (`nft -f -`), for faults beyond a blackhole. */
  routerNft(script: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** Start of every namespace and interface name: 2-10 lowercase letters or digits. */
  prefix: string;
  servers?: number;
}

export const WIREGUARD_PORT = 51820;
export const PAGE_PORT = 8080;
const FAULT_TABLE = 'holdfast_lab';

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
  const serverNs = Array.from({ length: count }, (_, i) => `${prefix}-srv${i + 1}`);
  const children: ChildProcess[] = [];
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    for (const ns of [...serverNs, routerNs, clientNs]) await deleteNamespace(ns);
    await fs.rm(dir, { recursive: true, force: true });
    await removeStaleSockets((ifname) => ifname.startsWith(prefix));
  };

  try {
    for (const ns of [clientNs, routerNs, ...serverNs]) {
      await hostChecked('ip', ['netns', 'add', ns]);
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
    await inNsChecked(routerNs, 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);
    await nft(
      routerNs,
      `table inet ${FAULT_TABLE} {
        set blackholed { type ipv4_addr; }
        chain forward {
          type filter hook forward priority 0; policy accept;
          ip daddr @blackholed drop
          ip saddr @blackholed drop
        }
      }`,
    );

    const servers: LabServer[] = [];
    for (const [i, ns] of serverNs.entries()) {
      servers.push(await startServer({ prefix, dir, ns, index: i + 1, children }));
    }

    return {
      prefix,
      dir,
      clientNs,
      routerNs,
      servers,
      exec: (ns, cmd, args, opts) => inNs(ns, cmd, args, opts),
      spawnInClient(cmd, args, opts = {}) {
        const child = spawn('ip', ['netns', 'exec', clientNs, cmd, ...args], { stdio: 'pipe', ...opts });
        children.push(child);
        return child;
      },
      blackhole: (server) =>
        inNsChecked(routerNs, 'nft', [
          'add',
          'element',
          'inet',
          FAULT_TABLE,
          'blackholed',
          `{ ${server.underlayIp} }`,
        ]).then(() => undefined),
      restore: async (server) => {
        // Deleting an element that is not there fails; restoring twice must not.
        await inNs(routerNs, 'nft', [
          'delete',
          'element',
          'inet',
          FAULT_TABLE,
          'blackholed',
          `{ ${server.underlayIp} }`,
        ]);
      },
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

async function wgKeyPair(): Promise<{ privateKey: string; publicKey: string }> {
  const privateKey = (await hostChecked('wg', ['genkey'])).stdout.trim();
  const publicKey = (await hostChecked('wg', ['pubkey'], { input: `${privateKey}\n` })).stdout.trim();
  return { privateKey, publicKey };
}

interface ServerStart {
  prefix: string;
  dir: string;
  ns: string;
  index: number;
  children: ChildProcess[];
}

async function startServer({ prefix, dir, ns, index, children }: ServerStart): Promise<LabServer> {
  const ifname = `${prefix}s${index}`;
  const underlayIp = `10.200.${index}.2`;
  const tunnelIp = `10.99.${index}.1`;
  const clientAddress = `10.99.${index}.2`;
  const name = `server-${index}`;
  const pageText = `behind ${name}`;
  const server = await wgKeyPair();
  const client = await wgKeyPair();

  const wgGo = spawn('ip', ['netns', 'exec', ns, 'wireguard-go', '-f', ifname], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WG_PROCESS_FOREGROUND: '1', LOG_LEVEL: 'error' },
  });
  children.push(wgGo);
  const socket = path.join(WIREGUARD_SOCKETS, `${ifname}.sock`);
  const up = await waitUntil(async () => wgGo.exitCode !== null || (await exists(socket)), 5000);
  if (!up || wgGo.exitCode !== null) throw new Error(`lab: wireguard-go for ${name} did not start`);

  const keyFile = path.join(dir, `${name}.key`);
  await fs.writeFile(keyFile, `${server.privateKey}\n`, { mode: 0o600 });
  await inNsChecked(ns, 'wg', ['set', ifname, 'listen-port', String(WIREGUARD_PORT), 'private-key', keyFile]);
  await inNsChecked(ns, 'wg', ['set', ifname, 'peer', client.publicKey, 'allowed-ips', `${clientAddress}/32`]);
  await inNsChecked(ns, 'ip', ['address', 'add', `${tunnelIp}/24`, 'dev', ifname]);
  await inNsChecked(ns, 'ip', ['link', 'set', ifname, 'up']);

  const page = spawn(
    'ip',
    [
      'netns',
      'exec',
      ns,
      process.execPath,
      path.join(import.meta.dirname, 'page-server.mjs'),
      '--host',
      tunnelIp,
      '--port',
      String(PAGE_PORT),
      '--text',
      pageText,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(page);
  let said = '';
  page.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  page.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  if (
    !(await waitUntil(() => said.includes('listening') || page.exitCode !== null, 10_000)) ||
    page.exitCode !== null
  ) {
    throw new Error(`lab: the page server of ${name} did not start: ${said.trim()}`);
  }

  const wireguard = {
    clientPrivateKey: client.privateKey,
    clientPublicKey: client.publicKey,
    clientAddress: `${clientAddress}/32`,
    serverPublicKey: server.publicKey,
    endpoint: { host: underlayIp, port: WIREGUARD_PORT },
    dns: tunnelIp,
    interfaceName: ifname,
  };
  const wireguardConfPath = path.join(dir, `${name}.conf`);
  await fs.writeFile(wireguardConfPath, renderClientConf(wireguard), { mode: 0o600 });
  return {
    index,
    name,
    ns,
    underlayIp,
    tunnelIp,
    pageUrl: `http://${tunnelIp}:${PAGE_PORT}/`,
    pageText,
    wireguardConfPath,
    wireguard,
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

export { labPrerequisites } from '../../scripts/lab-prerequisites.mjs';
export { snapshotNetns } from './snapshot';
export { labWireGuardProfile } from './lab-wireguard';
