import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { host, sleep } from './lab-commands';

/**
 * Tearing a lab down, and clearing what a crashed run with the same prefix left: processes inside its
 * namespaces (deleting a namespace does not end them), the namespaces, /etc/netns/<ns>, temp folders and
 * stale wireguard-go sockets. Only names built from the prefix are ever touched.
 */
export const WIREGUARD_SOCKETS = '/var/run/wireguard';

export const labNamespacePattern = (prefix: string): RegExp => new RegExp(`^${prefix}-(client|router|out|srv\\d+)$`);
export const labDirPrefix = (prefix: string): string => `holdfast-lab-${prefix}-`;

export async function listNamespaces(): Promise<string[]> {
  const result = await host('ip', ['netns', 'list']);
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.length > 0);
}

async function namespacePids(ns: string): Promise<number[]> {
  const result = await host('ip', ['netns', 'pids', ns]);
  return result.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM every process in the namespace (wireguard-go then removes its socket), SIGKILL stragglers. */
export async function killNamespaceProcesses(ns: string): Promise<void> {
  const pids = await namespacePids(ns);
  if (pids.length === 0) return;
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (let i = 0; i < 30 && pids.some(alive); i += 1) await sleep(100);
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
  for (let i = 0; i < 20 && pids.some(alive); i += 1) await sleep(50);
}

export async function deleteNamespace(ns: string): Promise<void> {
  await killNamespaceProcesses(ns);
  await host('ip', ['netns', 'del', ns]);
  await fs.rm(path.join('/etc/netns', ns), { recursive: true, force: true });
}

/** A socket nobody listens on any more (its wireguard-go was killed with SIGKILL). */
function isStaleSocket(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(file);
    const done = (stale: boolean): void => {
      socket.destroy();
      resolve(stale);
    };
    socket.once('connect', () => done(false));
    socket.once('error', () => done(true));
    setTimeout(() => done(false), 1000).unref();
  });
}

export async function removeStaleSockets(matches: (ifname: string) => boolean): Promise<void> {
  const names = await fs.readdir(WIREGUARD_SOCKETS).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.endsWith('.sock') || !matches(name.slice(0, -5))) continue;
    const file = path.join(WIREGUARD_SOCKETS, name);
    if (await isStaleSocket(file)) await fs.rm(file, { force: true });
  }
}

/** Everything a previous run with this prefix may have left behind. */
export async function clearLabLeftovers(prefix: string): Promise<void> {
  const pattern = labNamespacePattern(prefix);
  for (const ns of (await listNamespaces()).filter((name) => pattern.test(name))) await deleteNamespace(ns);
  try {
    for (const entry of await fs.readdir('/etc/netns')) {
      if (pattern.test(entry)) await fs.rm(path.join('/etc/netns', entry), { recursive: true, force: true });
    }
  } catch {
    // no /etc/netns at all
  }
  for (const entry of await fs.readdir(os.tmpdir())) {
    if (entry.startsWith(labDirPrefix(prefix)))
      await fs.rm(path.join(os.tmpdir(), entry), { recursive: true, force: true });
  }
  await removeStaleSockets((ifname) => ifname.startsWith(prefix));
}
