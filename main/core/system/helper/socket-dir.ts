import { promises as fs } from 'node:fs';
import type net from 'node:net';

/**
 * Node cannot read a unix socket peer's credentials (SO_PEERCRED), so who may talk to the helper is
 * decided by the filesystem instead:
 *
 * - the directory (/run/holdfast-helper) is created by root, owned by root, mode 0755: nobody else can
 *   create, replace or rename anything in it;
 * - the socket is created while the umask is 0177 (so it is born 0600, owned by root, and nobody but
 *   root can connect in the moment before chown), then handed to the invoking user: mode 0600, owner
 *   that uid. Other users get EACCES on connect.
 *
 * The per-start token (helper-server.ts) then proves the connecting process is the app that started
 * this helper, not some other program of the same user.
 */
export const DEFAULT_HELPER_DIR = '/run/holdfast-helper';

export async function ensureHelperDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory() || stat.isSymbolicLink()) throw new Error(`${dir} is not a directory`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  // A directory someone else owns or can write to could have its socket swapped: refuse to use it.
  if (root && stat.uid !== 0) throw new Error(`${dir} is not owned by root (uid ${stat.uid})`);
  if ((stat.mode & 0o022) !== 0)
    throw new Error(`${dir} is writable by others (mode ${(stat.mode & 0o777).toString(8)})`);
}

/** Listens on `socketPath` as a 0600 socket owned by `uid`. A stale socket at that path is replaced. */
export async function listenForUser(server: net.Server, socketPath: string, uid: number): Promise<void> {
  const existing = await fs.lstat(socketPath).catch(() => undefined);
  if (existing) {
    if (!existing.isSocket()) throw new Error(`${socketPath} exists and is not a socket`);
    await fs.rm(socketPath);
  }
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  await fs.chmod(socketPath, 0o600);
  if (typeof process.getuid === 'function' && process.getuid() === 0 && uid !== 0) await fs.chown(socketPath, uid, 0);
}
