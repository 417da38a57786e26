import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_SIBLING_BYTES } from './limits';
import { READ_REASONS, type SiblingReader, type SiblingReadResult } from './openvpn-files';
import type { ZipEntry } from './zip-archive';

/**
 * Readers for files a profile refers to. Both allow only the profile's folder and what is below it; the
 * disk reader resolves links first and refuses any that lead out, then opens without following a final
 * link and without blocking (a FIFO or device never hangs the import), and reads at most 1 MiB.
 */
export function diskSiblingReader(profilePath: string): SiblingReader {
  const folder = path.dirname(path.resolve(profilePath));
  let realFolder: Promise<string> | undefined;
  return {
    async read(relativePath: string): Promise<SiblingReadResult> {
      const lexical = path.resolve(folder, relativePath);
      if (!isWithin(folder, lexical)) return { ok: false, reason: READ_REASONS.outside };
      let root: string;
      let real: string;
      try {
        realFolder ??= fs.realpath(folder);
        root = await realFolder;
      } catch {
        return { ok: false, reason: READ_REASONS.unreadable };
      }
      try {
        real = await fs.realpath(lexical);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return {
          ok: false,
          reason: code === 'ENOENT' || code === 'ENOTDIR' ? READ_REASONS.missing : READ_REASONS.unreadable,
        };
      }
      if (!isWithin(root, real)) return { ok: false, reason: READ_REASONS.linkOutside };
      return readRegularFile(real);
    },
  };
}

async function readRegularFile(file: string): Promise<SiblingReadResult> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ELOOP' ? READ_REASONS.linkOutside : READ_REASONS.unreadable };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, reason: READ_REASONS.notFile };
    if (stat.size > MAX_SIBLING_BYTES) return { ok: false, reason: READ_REASONS.tooLarge };
    const bytes = await readAtMost(handle, MAX_SIBLING_BYTES + 1);
    if (bytes.length > MAX_SIBLING_BYTES) return { ok: false, reason: READ_REASONS.tooLarge };
    return { ok: true, text: Buffer.from(bytes).toString('utf8'), bytes };
  } catch {
    return { ok: false, reason: READ_REASONS.unreadable };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads up to `limit` bytes: a file that grows while being read cannot make the import swallow it. */
export async function readAtMost(handle: fs.FileHandle, limit: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const { bytesRead } = await handle.read(buffer, length, limit - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  return buffer.subarray(0, length);
}

export function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Siblings of a profile inside a zip archive (or dropped with it): entries in its folder or below. */
export function archiveSiblingReader(
  entries: ReadonlyMap<string, ZipEntry>,
  refused: ReadonlyMap<string, string>,
  profileEntry: string,
  missingReason = 'there is no such file in the archive next to the profile',
): SiblingReader {
  const folder = path.posix.dirname(profileEntry);
  return {
    async read(relativePath: string): Promise<SiblingReadResult> {
      if (relativePath.startsWith('/')) return { ok: false, reason: READ_REASONS.outside };
      const joined = path.posix.normalize(folder === '.' ? relativePath : `${folder}/${relativePath}`);
      if (joined.startsWith('../') || joined === '..' || (folder !== '.' && !joined.startsWith(`${folder}/`))) {
        return { ok: false, reason: READ_REASONS.outside };
      }
      const name = joined.replace(/^\.\//, '');
      const entry = entries.get(name);
      if (!entry) {
        const why = refused.get(name);
        return { ok: false, reason: why ? `the archive entry was refused: ${why}` : missingReason };
      }
      if (entry.isLink) return { ok: false, reason: READ_REASONS.isLink };
      return { ok: true, text: Buffer.from(entry.bytes).toString('utf8'), bytes: entry.bytes };
    },
  };
}
