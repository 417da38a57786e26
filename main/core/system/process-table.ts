import { promises as fs } from 'node:fs';

/**
 * Questions about other processes, answered from /proc. Recovery uses the start time beside the pid so
 * that a recycled pid is never mistaken for the process that wrote a journal.
 */
export interface ProcessTable {
  readonly selfPid: number;
  /** Kernel start time of the process (field 22 of /proc/<pid>/stat), undefined when it does not exist. */
  startTime(pid: number): Promise<string | undefined>;
  /** argv of a running process, empty when it does not exist. */
  commandLine(pid: number): Promise<string[]>;
  kill(pid: number, signal: NodeJS.Signals): void;
}

export class ProcProcessTable implements ProcessTable {
  readonly selfPid = process.pid;

  async startTime(pid: number): Promise<string | undefined> {
    try {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return rest[19];
    } catch {
      return undefined;
    }
  }

  async commandLine(pid: number): Promise<string[]> {
    try {
      const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw.split('\0').filter((part) => part.length > 0);
    } catch {
      return [];
    }
  }

  kill(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** True when `pid` runs and is the same process that recorded `startTime` (when one was recorded). */
export async function isSameProcessAlive(table: ProcessTable, pid: number, startTime?: string): Promise<boolean> {
  const current = await table.startTime(pid);
  if (current === undefined) return false;
  return startTime === undefined || startTime === current;
}
