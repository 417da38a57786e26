import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * The few filesystem operations the tunnel layer needs, behind a port so drivers and the change journal
 * test in memory. Paths are absolute.
 */
export interface FilePort {
  exists(path: string): Promise<boolean>;
  /** The file's text, or undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
  /** temp + fsync + rename: for files Holdfast owns. */
  writeAtomic(path: string, text: string, mode: number): Promise<void>;
  /**
   * Truncates and rewrites the existing inode. Needed for /etc/resolv.conf, which may be a bind mount
   * (`ip netns exec`) or a file other programs watch, where a rename over it fails or goes unnoticed.
   */
  writeInPlace(path: string, text: string): Promise<void>;
  /** Removes a file or a directory tree; missing paths are fine. */
  remove(path: string): Promise<void>;
  mkdir(path: string, mode: number): Promise<void>;
  list(dir: string): Promise<string[]>;
  /**
   * "device:inode" of the file a path leads to (following links and bind mounts), undefined if absent.
   * Lets an undo check that a path still names the file that was changed (not, say, the host's
   * /etc/resolv.conf instead of a network namespace's).
   */
  identity(path: string): Promise<string | undefined>;
}

export class NodeFilePort implements FilePort {
  async exists(path: string): Promise<boolean> {
    try {
      await fs.lstat(path);
      return true;
    } catch {
      return false;
    }
  }

  async readText(path: string): Promise<string | undefined> {
    try {
      return await fs.readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  writeAtomic(path: string, text: string, mode: number): Promise<void> {
    return writeFileAtomic(path, text, mode);
  }

  async writeInPlace(path: string, text: string): Promise<void> {
    const handle = await fs.open(path, 'r+');
    try {
      await handle.truncate(0);
      await handle.write(text, 0, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async remove(path: string): Promise<void> {
    await fs.rm(path, { recursive: true, force: true });
  }

  async mkdir(path: string, mode: number): Promise<void> {
    await fs.mkdir(path, { recursive: true, mode });
  }

  async identity(path: string): Promise<string | undefined> {
    try {
      const stat = await fs.stat(path);
      return `${stat.dev}:${stat.ino}`;
    } catch {
      return undefined;
    }
  }

  async list(dir: string): Promise<string[]> {
    try {
      return await fs.readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }
}
