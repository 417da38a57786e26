import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { host, sleep, waitUntil } from './lab-commands';

/**
 * Killing and restarting daemons the lab did not start itself (OpenVPN servers started by a suite):
 * they are found by program name among a namespace's processes, killed with SIGKILL like a crash, and
 * started again later from the command line they were running with.
 */
export interface KilledDaemon {
  ns: string;
  pid: number;
  argv: string[];
}

async function namespacePids(ns: string): Promise<number[]> {
  const result = await host('ip', ['netns', 'pids', ns]);
  return result.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 1 && pid !== process.pid);
}

async function commandLine(pid: number): Promise<string[] | null> {
  try {
    const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    // Arguments end in NUL; a kernel thread or zombie has none.
    return raw.length ? raw.replace(/\0$/, '').split('\0') : null;
  } catch {
    return null;
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

/** SIGKILLs every process in `ns` whose program is `program`; returns how to start each again. */
export async function killDaemons(ns: string, program: string): Promise<KilledDaemon[]> {
  const killed: KilledDaemon[] = [];
  for (const pid of await namespacePids(ns)) {
    const argv = await commandLine(pid);
    if (!argv || (argv[0] ?? '').split('/').pop() !== program) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push({ ns, pid, argv });
    } catch {
      // it ended on its own meanwhile
    }
  }
  for (let i = 0; i < 100 && killed.some((k) => alive(k.pid)); i += 1) await sleep(20);
  return killed;
}

/** Starts a killed daemon again and waits until its output contains `readyText`. */
export async function restartDaemon(
  daemon: KilledDaemon,
  readyText: string,
  track: (child: ChildProcess) => void,
  timeoutMs = 20_000,
): Promise<void> {
  const [command = '', ...args] = daemon.argv;
  const child = spawn('ip', ['netns', 'exec', daemon.ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let said = '';
  child.stdout?.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-20_000)));
  child.stderr?.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-20_000)));
  const ready = await waitUntil(() => said.includes(readyText) || child.exitCode !== null, timeoutMs);
  if (!ready || child.exitCode !== null) {
    throw new Error(`lab: ${command} in ${daemon.ns} did not come back:\n${said.slice(-2000)}`);
  }
}
