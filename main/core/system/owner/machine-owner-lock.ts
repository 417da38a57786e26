import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { encodeJsonLine, LineDecoder, parseJsonLine } from '../../net/ndjson';
import { writeFileAtomic } from '../../storage/atomic-file';
import { ensureHelperDir, listenForUser } from '../helper/socket-dir';
import { type OwnerClaimant, type OwnerRecord, parseOwnerClaimant, parseOwnerRecord } from './owner-record';

/**
 * One connection owner per machine (per network namespace's routes and firewall, in practice per
 * machine): routes and the kill switch are machine-wide, and two Holdfast sessions changing them at
 * once take turns breaking each other's tunnel.
 *
 * Only root takes the lock: the privileged helper for a user's app or CLI, or Holdfast itself when it
 * runs as root. The pieces, all in a root-owned directory (/run/holdfast, 0755):
 *
 * - `owner.lock` (0600): held with flock(2) by a small `flock` child for as long as the session lasts.
 *   The kernel drops the lock when that child ends, and the child ends when its stdin closes, which
 *   happens when we die, however we die: no stale lock after a crash, and no race between two
 *   starters deciding that an old lock is stale. The file is root's and 0600, so no other user can
 *   open it to hold the lock themselves.
 * - `owner.json` (0644): who holds it (client, pid, user, since, server), so a refused `connect` and
 *   `holdfast status` can say who to ask. Written by the holder only; a reader trusts it only while
 *   the lock is held.
 * - `owner.sock` (0600, root's): the holder listens here for one request, `hand-over`, from another
 *   root Holdfast process whose user asked to take the connection over. Only root can connect, and the
 *   asker has already checked that its user may take it over (same user, or root).
 */
export const DEFAULT_OWNER_DIR = '/run/holdfast';
const LOCK_FILE = 'owner.lock';
const RECORD_FILE = 'owner.json';
const HANDOVER_SOCKET = 'owner.sock';
/** flock's exit status when the lock is taken (--conflict-exit-code). */
const CONFLICT = 75;
const HANDOVER_TIMEOUT_MS = 30_000;
const RELOCK_WAIT_S = 10;

export type HandOverHandler = (by: OwnerClaimant) => Promise<void>;

export interface OwnerLease {
  readonly record: OwnerRecord;
  /** Updates what the record says (the server in use). */
  update(change: Partial<Pick<OwnerRecord, 'server'>>): Promise<void>;
  /** Gives the connection up: record and socket removed, then the lock. */
  release(): Promise<void>;
  /** True once released (by us or by a hand-over). */
  readonly released: boolean;
}

export type ClaimResult =
  | { ok: true; lease: OwnerLease }
  /** `holder` is null when the lock is held but nobody (yet) says who holds it. */
  | { ok: false; holder: OwnerRecord | null; reason: 'held' | 'not-allowed' | 'hand-over-failed'; detail?: string };

export interface ClaimOptions {
  /** Ask the holder to hand over when the policy allows it (same user, or root). */
  takeOver?: boolean;
  /** Also take over, without being asked, when this says so (an abandoned session of the same user). */
  mayTakeOver?: (holder: OwnerRecord) => boolean | Promise<boolean>;
  /** What to do when someone takes the connection from us: stop our tunnels, leave the kill switch. */
  onHandOver: HandOverHandler;
}

export interface MachineOwnerLockOptions {
  dir?: string;
  /** The flock(1) program; tests may point elsewhere. */
  flockPath?: string;
  now?: () => Date;
}

export class MachineOwnerLock {
  readonly dir: string;

  constructor(private readonly options: MachineOwnerLockOptions = {}) {
    this.dir = options.dir ?? DEFAULT_OWNER_DIR;
  }

  get recordFile(): string {
    return path.join(this.dir, RECORD_FILE);
  }

  /**
   * Who holds the connection now, or null. Readable by any user (the record is 0644); a record whose
   * lock holder has gone (a crash) is not believed.
   */
  async holder(): Promise<OwnerRecord | null> {
    const record = parseOwnerRecord(await fs.readFile(this.recordFile, 'utf8').catch(() => undefined));
    return record && processExists(record.holderPid) ? record : null;
  }

  async claim(claimant: OwnerClaimant, options: ClaimOptions): Promise<ClaimResult> {
    await this.prepare();
    let child = await this.lock(0);
    if (!child) {
      const holder = parseOwnerRecord(await fs.readFile(this.recordFile, 'utf8').catch(() => undefined)) ?? null;
      const wanted = options.takeOver === true || (holder !== null && (await options.mayTakeOver?.(holder)) === true);
      if (!wanted) return { ok: false, holder, reason: 'held' };
      if (!holder || !mayTakeOverFrom(claimant, holder)) return { ok: false, holder, reason: 'not-allowed' };
      const asked = await this.askHandOver(claimant);
      if (asked !== true) return { ok: false, holder, reason: 'hand-over-failed', detail: asked };
      child = await this.lock(RELOCK_WAIT_S);
      if (!child) return { ok: false, holder, reason: 'hand-over-failed', detail: 'the lock was not freed in time' };
    }
    return { ok: true, lease: await this.hold(child, claimant, options.onHandOver) };
  }

  private async prepare(): Promise<void> {
    await ensureHelperDir(this.dir);
    const file = path.join(this.dir, LOCK_FILE);
    const handle = await fs.open(file, 'a', 0o600);
    await handle.close();
    const stat = await fs.lstat(file);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file`);
    // Another user who could open the file could hold the lock and keep every Holdfast from connecting.
    await fs.chmod(file, 0o600);
  }

  /** Starts the flock child; resolves with it once it holds the lock, or undefined when it is taken. */
  private lock(waitSeconds: number): Promise<ChildProcessWithoutNullStreams | undefined> {
    const file = path.join(this.dir, LOCK_FILE);
    const mode = waitSeconds > 0 ? ['--wait', String(waitSeconds)] : ['--nonblock'];
    // `cat` holds the lock until our end of its stdin closes: when we release, or when we die.
    const child = spawn(
      this.options.flockPath ?? 'flock',
      [...mode, '--conflict-exit-code', String(CONFLICT), file, 'sh', '-c', 'echo locked && exec cat >/dev/null'],
      // Its own process group, so a Ctrl-C meant for us does not drop the lock while we still clean up.
      { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
    );
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('locked\n')) {
          child.stdout.off('data', onData);
          child.off('exit', onExit);
          resolve(child);
        }
      };
      const onExit = (code: number | null) => {
        if (code === CONFLICT || code === 1) resolve(undefined);
        else reject(new Error(`flock ended with ${code ?? 'a signal'}${err ? `: ${err.trim()}` : ''}`));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('exit', onExit);
      child.once('error', (e) => reject(new Error(`cannot run flock: ${e.message}`)));
    });
  }

  private async hold(
    child: ChildProcessWithoutNullStreams,
    claimant: OwnerClaimant,
    onHandOver: HandOverHandler,
  ): Promise<OwnerLease> {
    const now = this.options.now ?? (() => new Date());
    let record: OwnerRecord = { ...claimant, since: now().toISOString() };
    let released = false;
    const socketPath = path.join(this.dir, HANDOVER_SOCKET);
    const writeRecord = () => writeFileAtomic(this.recordFile, `${JSON.stringify(record, null, 2)}\n`, 0o644);
    let handingOver = false;

    let releasing: Promise<void> | undefined;
    // Every caller waits for the same release: a process that exits once it has released (a helper whose
    // connection was handed over) then exits after the hand-over's answer, which follows the release.
    const release = (): Promise<void> =>
      (releasing ??= (async () => {
        released = true;
        // Not awaited: close() waits for open connections, the hand-over request among them.
        server.close();
        await fs.rm(socketPath, { force: true });
        await fs.rm(this.recordFile, { force: true });
        await unlock(child);
      })());

    const server = net.createServer((socket) => {
      socket.on('error', () => socket.destroy());
      const decoder = new LineDecoder(
        4096,
        (line) => {
          decoder.stop();
          const by = parseHandOver(line);
          // Why not, in words the asker passes on: a refusal must say which of these it was.
          const why = !by
            ? 'the request could not be read'
            : handingOver
              ? 'a hand-over is already under way'
              : released
                ? 'it is already letting the connection go'
                : null;
          if (why || !by) {
            socket.end(encodeJsonLine({ ok: false, why }));
            return;
          }
          handingOver = true;
          void onHandOver(by)
            .catch(() => undefined)
            .then(release)
            .then(() => socket.end(encodeJsonLine({ ok: true })));
        },
        () => socket.destroy(),
      );
      socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    });
    await writeRecord();
    await listenForUser(server, socketPath, 0);
    // A lock child that dies on its own (killed by someone) means we no longer hold the machine.
    child.once('exit', () => void release());

    return {
      get record() {
        return record;
      },
      get released() {
        return released;
      },
      update: async (change) => {
        if (released) return;
        record = { ...record, ...change };
        await writeRecord();
      },
      release,
    };
  }

  /** true, or why the holder did not hand over. */
  private askHandOver(by: OwnerClaimant): Promise<true | string> {
    return new Promise((resolve) => {
      const socket = net.createConnection(path.join(this.dir, HANDOVER_SOCKET));
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(`no answer within ${HANDOVER_TIMEOUT_MS / 1000} s`);
      }, HANDOVER_TIMEOUT_MS);
      let data = '';
      socket.on('connect', () => socket.write(encodeJsonLine({ kind: 'hand-over', by })));
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('error', (err) => {
        clearTimeout(timer);
        resolve(`cannot reach it (${(err as NodeJS.ErrnoException).code ?? err.message})`);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (data.length === 0) return resolve('it closed the connection without an answer');
        const answer = parseJsonLine(data.split('\n')[0] ?? '');
        const value = answer.ok ? (answer.value as { ok?: unknown; why?: unknown } | null) : null;
        if (value?.ok === true) return resolve(true);
        resolve(typeof value?.why === 'string' ? `it refused: ${value.why.slice(0, 200)}` : 'it refused');
      });
    });
  }
}

/** A user may take over their own connection; root may take over any. */
export function mayTakeOverFrom(claimant: Pick<OwnerClaimant, 'uid'>, holder: Pick<OwnerRecord, 'uid'>): boolean {
  return claimant.uid === 0 || claimant.uid === holder.uid;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlock(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin.end();
  });
}

function parseHandOver(line: string): OwnerClaimant | undefined {
  const parsed = parseJsonLine(line);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  const data = parsed.value as { kind?: unknown; by?: unknown };
  return data.kind === 'hand-over' ? parseOwnerClaimant(data.by) : undefined;
}
