import path from 'node:path';
import type { FilePort } from '../file-port';
import type { ProcessTable } from '../process-table';

/** An in-memory filesystem for unit tests; remembers each file's mode and how it was last written. */
export class MemoryFilePort implements FilePort {
  readonly files = new Map<string, { text: string; mode: number; writtenInPlace: boolean }>();
  readonly dirs = new Set<string>();
  /** Paths whose next write fails, to test rollback. */
  readonly failWrites = new Set<string>();

  async exists(p: string): Promise<boolean> {
    return this.files.has(p) || this.dirs.has(p);
  }

  async readText(p: string): Promise<string | undefined> {
    return this.files.get(p)?.text;
  }

  async writeAtomic(p: string, text: string, mode: number): Promise<void> {
    this.check(p);
    this.dirs.add(path.dirname(p));
    this.files.set(p, { text, mode, writtenInPlace: false });
  }

  async writeInPlace(p: string, text: string): Promise<void> {
    this.check(p);
    const existing = this.files.get(p);
    if (!existing) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    this.files.set(p, { text, mode: existing.mode, writtenInPlace: true });
  }

  async remove(p: string): Promise<void> {
    for (const key of [...this.files.keys()]) if (key === p || key.startsWith(`${p}/`)) this.files.delete(key);
    for (const key of [...this.dirs]) if (key === p || key.startsWith(`${p}/`)) this.dirs.delete(key);
  }

  async mkdir(p: string): Promise<void> {
    this.dirs.add(p);
  }

  /** Tests may set a different identity to simulate another mount namespace. */
  readonly identities = new Map<string, string>();

  async identity(p: string): Promise<string | undefined> {
    if (!this.files.has(p)) return undefined;
    return this.identities.get(p) ?? `mem:${p}`;
  }

  async list(dir: string): Promise<string[]> {
    const names = new Set<string>();
    for (const key of [...this.files.keys(), ...this.dirs]) {
      if (path.dirname(key) === dir) names.add(path.basename(key));
    }
    return [...names].sort();
  }

  private check(p: string): void {
    if (this.failWrites.has(p)) {
      this.failWrites.delete(p);
      throw new Error(`EIO: write failed: ${p}`);
    }
  }
}

/** A process table with scripted processes; `kill` ends a process at once. */
export class FakeProcessTable implements ProcessTable {
  readonly selfPid: number;
  readonly processes = new Map<number, { startTime: string; commandLine: string[] }>();
  readonly killed: Array<{ pid: number; signal: string }> = [];

  constructor(selfPid = 1000) {
    this.selfPid = selfPid;
    this.processes.set(selfPid, { startTime: '500', commandLine: ['node', 'holdfast'] });
  }

  add(pid: number, commandLine: string[], startTime = '700'): this {
    this.processes.set(pid, { startTime, commandLine });
    return this;
  }

  async startTime(pid: number): Promise<string | undefined> {
    return this.processes.get(pid)?.startTime;
  }

  async commandLine(pid: number): Promise<string[]> {
    return this.processes.get(pid)?.commandLine ?? [];
  }

  kill(pid: number, signal: NodeJS.Signals): void {
    this.killed.push({ pid, signal });
    this.processes.delete(pid);
  }
}
