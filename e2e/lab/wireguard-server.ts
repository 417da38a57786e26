import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WIREGUARD_SOCKETS } from './lab-cleanup';
import { inNsChecked, waitUntil } from './lab-commands';

/**
 * One lab server's wireguard-go, which the lab can kill (SIGKILL, as a crash would) and start again with
 * the same keys, peer and addresses. Killing it removes its interface and tunnel address; the page
 * server bound to that address keeps its socket and answers again once the address is back.
 */
export interface WireGuardServerSpec {
  ns: string;
  ifname: string;
  /** File holding the server's private key (0600, in the lab folder). */
  keyFile: string;
  listenPort: number;
  tunnelIp: string;
  clientPublicKey: string;
  /** The client's tunnel address, without prefix length. */
  clientAddress: string;
}

export class WireGuardServerProcess {
  private child: ChildProcess | null = null;

  constructor(
    private readonly spec: WireGuardServerSpec,
    private readonly track: (child: ChildProcess) => void,
  ) {}

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { ns, ifname, keyFile, listenPort, tunnelIp, clientPublicKey, clientAddress } = this.spec;
    const socket = path.join(WIREGUARD_SOCKETS, `${ifname}.sock`);
    // A SIGKILLed wireguard-go leaves its socket behind.
    await fs.rm(socket, { force: true });
    const child = spawn('ip', ['netns', 'exec', ns, 'wireguard-go', '-f', ifname], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WG_PROCESS_FOREGROUND: '1', LOG_LEVEL: 'error' },
    });
    let said = '';
    child.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
    this.child = child;
    this.track(child);
    const up = await waitUntil(async () => child.exitCode !== null || (await exists(socket)), 5000);
    if (!up || child.exitCode !== null)
      throw new Error(`lab: wireguard-go ${ifname} in ${ns} did not start: ${said.trim()}`);
    await inNsChecked(ns, 'wg', ['set', ifname, 'listen-port', String(listenPort), 'private-key', keyFile]);
    await inNsChecked(ns, 'wg', ['set', ifname, 'peer', clientPublicKey, 'allowed-ips', `${clientAddress}/32`]);
    await inNsChecked(ns, 'ip', ['address', 'add', `${tunnelIp}/24`, 'dev', ifname]);
    await inNsChecked(ns, 'ip', ['link', 'set', ifname, 'up']);
  }

  /** Kills the daemon without letting it clean up, like a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await fs.rm(path.join(WIREGUARD_SOCKETS, `${this.spec.ifname}.sock`), { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
