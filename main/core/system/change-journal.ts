import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FilePort } from './file-port';
import { NodeFilePort } from './file-port';
import type { ProcessRunner } from './process-runner';
import type { ProcessTable } from './process-table';
import { ProcProcessTable, isSameProcessAlive } from './process-table';

/**
 * A write-ahead record of every system change a tunnel session makes (links, routes, rules, DNS, files,
 * helper processes), with what undoes it. Each change is written to disk before it is applied, so a
 * process killed at any point leaves enough behind for `recoverOrphans` to put the system back.
 */
export type UndoAction =
  /** A command whose success undoes the change, e.g. `ip -4 rule del ...`. */
  | { kind: 'run'; command: string; args: string[] }
  /**
   * Writes the backup's text back in place, then deletes the backup. `identity` (device:inode when the
   * change was made) guards against restoring into a different file that the same path names elsewhere.
   */
  | { kind: 'restore-file'; path: string; backupPath: string; identity?: string }
  | { kind: 'remove-path'; path: string }
  /** Ends a helper process, but only if the pid still belongs to it. */
  | { kind: 'stop-process'; pid: number; startTime?: string; commandContains: string };

export interface JournalEntry {
  id: number;
  /** Plain words for reports, e.g. "routing rule 32700 (not fwmark 51820)". Never a secret. */
  description: string;
  undo: UndoAction;
}

export interface JournalDocument {
  version: 1;
  label: string;
  owner: { pid: number; startTime?: string };
  /** The network namespace the commands ran in ("net:[4026531840]"), so recovery never undoes them elsewhere. */
  netns?: string;
  createdAt: string;
  entries: JournalEntry[];
}

export interface UndoFailure {
  description: string;
  error: string;
}

export interface JournalDeps {
  files: FilePort;
  processes: ProcessTable;
  /** Pause between checks while a process shuts down; injected so tests never wait. */
  sleep: (ms: number) => Promise<void>;
}

export const defaultJournalDeps = (): JournalDeps => ({
  files: new NodeFilePort(),
  processes: new ProcProcessTable(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

export const JOURNAL_PREFIX = 'journal-';

// Messages that mean "this is already gone": undoing it again is success, which keeps undo idempotent.
const ALREADY_UNDONE = /Cannot find device|No such (file or directory|process|device)|does not exist/i;

export class ChangeJournal {
  private entries: JournalEntry[] = [];
  private nextId = 1;
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly doc: Omit<JournalDocument, 'entries'>,
    private readonly deps: JournalDeps,
  ) {}

  /** Creates the journal file at once, so even a session that dies before its first change is visible. */
  static async create(
    runtimeDir: string,
    label: string,
    deps: JournalDeps = defaultJournalDeps(),
    context: { netns?: string } = {},
  ): Promise<ChangeJournal> {
    const safeLabel = label.replace(/[^A-Za-z0-9_.-]/g, '_');
    const file = path.join(runtimeDir, `${JOURNAL_PREFIX}${safeLabel}-${randomBytes(4).toString('hex')}.json`);
    const pid = deps.processes.selfPid;
    const startTime = await deps.processes.startTime(pid);
    const journal = new ChangeJournal(
      file,
      { version: 1, label, owner: { pid, startTime }, netns: context.netns, createdAt: new Date().toISOString() },
      deps,
    );
    await deps.files.mkdir(runtimeDir, 0o700);
    await journal.persist();
    return journal;
  }

  get pending(): readonly JournalEntry[] {
    return this.entries;
  }

  /** Call before applying the change; returns the entry id for `forget`. */
  async record(description: string, undo: UndoAction): Promise<number> {
    const id = this.nextId++;
    this.entries.push({ id, description, undo });
    await this.persist();
    return id;
  }

  /** The change was never applied (its command failed): nothing to undo. */
  async forget(id: number): Promise<void> {
    this.entries = this.entries.filter((entry) => entry.id !== id);
    await this.persist();
  }

  /**
   * Undoes everything in reverse order, best effort: a failing step does not stop the others. Failed
   * steps stay in the journal (to be retried by recovery once this process is gone); when nothing is
   * left the journal file is deleted. Calling it again is harmless.
   */
  async undoAll(runner: ProcessRunner): Promise<UndoFailure[]> {
    const failures: UndoFailure[] = [];
    for (const entry of [...this.entries].reverse()) {
      try {
        await undoAction(entry.undo, runner, this.deps);
        this.entries = this.entries.filter((e) => e.id !== entry.id);
      } catch (err) {
        failures.push({ description: entry.description, error: (err as Error).message });
      }
    }
    if (this.entries.length === 0) {
      await this.enqueue(() => this.deps.files.remove(this.file));
    } else {
      await this.persist();
    }
    return failures;
  }

  private persist(): Promise<void> {
    const doc: JournalDocument = { ...this.doc, entries: [...this.entries] };
    return this.enqueue(() => this.deps.files.writeAtomic(this.file, `${JSON.stringify(doc, null, 2)}\n`, 0o600));
  }

  // Writes happen in call order even if callers do not await each other.
  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }
}

/**
 * Which network namespace `runner`'s commands run in, as the kernel names it ("net:[4026531840]").
 * Asked through the runner so that a runner wrapping `ip netns exec` answers for its namespace.
 */
export async function networkNamespaceOf(runner: ProcessRunner): Promise<string | undefined> {
  const result = await runner.run('readlink', ['/proc/self/ns/net'], { timeoutMs: 5000 });
  const id = result.stdout.trim();
  return result.code === 0 && /^net:\[\d+\]$/.test(id) ? id : undefined;
}

/** Performs one undo; throws with a plain reason when it did not work. */
export async function undoAction(action: UndoAction, runner: ProcessRunner, deps: JournalDeps): Promise<void> {
  switch (action.kind) {
    case 'run': {
      const result = await runner.run(action.command, action.args, { timeoutMs: 10_000 });
      if (result.code === 0) return;
      // 127: the program itself is missing, which must not pass for "nothing left to undo".
      if (result.code !== 127 && ALREADY_UNDONE.test(result.stderr)) return;
      throw new Error(`${action.command} ${action.args.join(' ')}: ${result.stderr.trim() || `exit ${result.code}`}`);
    }
    case 'restore-file': {
      const original = await deps.files.readText(action.backupPath);
      // No backup means an earlier undo already restored the file and removed it.
      if (original === undefined) return;
      if (action.identity !== undefined && (await deps.files.identity(action.path)) !== action.identity) {
        throw new Error(`${action.path} is not the file that was changed (another mount namespace?); left as it is`);
      }
      await deps.files.writeInPlace(action.path, original);
      await deps.files.remove(action.backupPath);
      return;
    }
    case 'remove-path':
      await deps.files.remove(action.path);
      return;
    case 'stop-process':
      await stopProcess(action, deps);
      return;
  }
}

async function stopProcess(action: Extract<UndoAction, { kind: 'stop-process' }>, deps: JournalDeps): Promise<void> {
  const { processes } = deps;
  const ours = async (): Promise<boolean> =>
    (await isSameProcessAlive(processes, action.pid, action.startTime)) &&
    (await processes.commandLine(action.pid)).some((part) => part.includes(action.commandContains));
  if (!(await ours())) return;
  processes.kill(action.pid, 'SIGTERM');
  for (let i = 0; i < 20; i += 1) {
    await deps.sleep(100);
    if (!(await ours())) return;
  }
  processes.kill(action.pid, 'SIGKILL');
  await deps.sleep(100);
  if (await ours()) throw new Error(`process ${action.pid} (${action.commandContains}) did not stop`);
}
