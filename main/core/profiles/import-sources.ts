import { constants as fsConstants, promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { describeSize, MAX_ARCHIVE_BYTES, MAX_FOLDER_DEPTH, MAX_FOLDER_FILES, MAX_PROFILE_BYTES } from './limits';
import { isWithin, readAtMost } from './sibling-readers';

export interface ImportSource {
  /** The name shown to the user: a file name, or a path relative to the imported folder. */
  name: string;
  bytes: Uint8Array;
  /** Absolute path when read from disk: lets an OpenVPN profile use files next to it. */
  path?: string;
  /** Set when the file could not be read at all; the importer reports it as refused. */
  problem?: string;
}

const IMPORTABLE = /\.(conf|ovpn|zip)$/i;
/** Text files a provider's folder may hold beside its profiles: read only when `companion` wants them. */
const COMPANION = /\.(txt|json)$/i;

export interface ImportSourceOptions {
  /**
   * For a .txt or .json file found in a folder: true when it is worth importing (a disguise list). Others
   * (README.txt, a provider's metadata) are passed over without a word, as they always were.
   */
  companion?: (source: ImportSource) => boolean;
}

/**
 * Reads what the user pointed at: files as they are, folders recursively (only .conf, .ovpn and .zip
 * files, and the .txt and .json files `companion` accepts; links that lead out of the folder are reported,
 * linked folders are not followed), at most 1 MiB per profile and 20 MiB per archive (a bigger file is read
 * only far enough to say so).
 */
export async function readImportSources(paths: string[], options: ImportSourceOptions = {}): Promise<ImportSource[]> {
  const sources: ImportSource[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    const name = path.basename(absolute);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      sources.push(problem(name, absolute, 'there is no such file or folder'));
      continue;
    }
    if (stat.isDirectory()) await walkFolder(absolute, sources, options);
    else sources.push(await readSource(name, absolute));
  }
  return sources;
}

async function walkFolder(root: string, sources: ImportSource[], options: ImportSourceOptions): Promise<void> {
  const label = path.basename(root);
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    sources.push(problem(label, root, 'the folder could not be read'));
    return;
  }
  const before = sources.length;
  const pending: Array<{ dir: string; depth: number }> = [{ dir: root, depth: 0 }];
  let collected = 0;
  while (pending.length > 0) {
    const { dir, depth } = pending.shift() as { dir: string; depth: number };
    let entries: Dirent[];
    try {
      entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      sources.push(problem(displayName(label, root, dir), dir, 'the folder could not be read'));
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const shown = displayName(label, root, full);
      if (entry.isDirectory()) {
        if (depth + 1 <= MAX_FOLDER_DEPTH) pending.push({ dir: full, depth: depth + 1 });
        continue;
      }
      if (COMPANION.test(entry.name) && options.companion && entry.isFile()) {
        const source = await readSource(shown, full);
        if (source.problem === undefined && options.companion(source)) sources.push(source);
        continue;
      }
      if (!IMPORTABLE.test(entry.name)) continue;
      if (collected >= MAX_FOLDER_FILES) {
        sources.push(
          problem(label, root, `the folder holds more than ${MAX_FOLDER_FILES} profiles; import it in parts`),
        );
        return;
      }
      collected += 1;
      if (entry.isSymbolicLink()) {
        const target = await fs.realpath(full).catch(() => undefined);
        if (!target || !isWithin(realRoot, target)) {
          sources.push(problem(shown, full, 'it is a link that leads outside the imported folder, so it was not read'));
          continue;
        }
      } else if (!entry.isFile()) continue;
      sources.push(await readSource(shown, full));
    }
  }
  if (sources.length === before) {
    sources.push(problem(label, root, 'the folder holds no .conf, .ovpn or .zip files'));
  }
}

function displayName(label: string, root: string, full: string): string {
  const relative = path.relative(root, full).split(path.sep).join('/');
  return relative === '' ? label : `${label}/${relative}`;
}

async function readSource(name: string, file: string): Promise<ImportSource> {
  const limit = /\.zip$/i.test(name) ? MAX_ARCHIVE_BYTES : MAX_PROFILE_BYTES;
  let handle: fs.FileHandle;
  try {
    // Non-blocking: a FIFO or device named on the command line must not hang the import.
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch {
    return problem(name, file, 'the file could not be opened');
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return problem(name, file, 'it is not a regular file');
    if (stat.size > limit) {
      return problem(
        name,
        file,
        `the file is ${describeSize(stat.size)}; Holdfast reads at most ${describeSize(limit)} here, so this is not a profile`,
      );
    }
    // One byte more than allowed: the importer then refuses it with the size message.
    return { name, path: file, bytes: await readAtMost(handle, limit + 1) };
  } catch {
    return problem(name, file, 'the file could not be read');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function problem(name: string, file: string, reason: string): ImportSource {
  return { name, path: file, bytes: new Uint8Array(0), problem: reason };
}
