import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isProfileId } from './profile-id';
import { readProfileFile, type ProfileFileTexts } from './profile-file-format';
import type { Profile } from './types';

/** Writes one file atomically with the given mode. */
export type FileWriter = (target: string, data: string, mode: number) => Promise<void>;

/** Profiles written at once during an import. */
const WRITE_CONCURRENCY = 8;

/**
 * The profile folder, `<dataDir>/profiles`: `<id>.json` beside `<id>.secrets.json`, both 0600. The secrets
 * file is written first and removed last, so a profile file never points at missing keys.
 */
export class ProfileFiles {
  private constructor(
    private readonly dir: string,
    private readonly writeFile: FileWriter,
  ) {}

  static async open(dataDir: string, writeFile: FileWriter): Promise<ProfileFiles> {
    const dir = path.join(dataDir, 'profiles');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    return new ProfileFiles(dir, writeFile);
  }

  /** Every readable profile by id. Secrets whose profile file never made it to disk are removed. */
  async loadAll(): Promise<Map<string, Profile>> {
    const profiles = new Map<string, Profile>();
    const names = await fs.readdir(this.dir);
    for (const name of names) {
      if (!name.endsWith('.json') || name.endsWith('.secrets.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (!isProfileId(id)) continue;
      try {
        const profile = readProfileFile(await fs.readFile(this.profilePath(id), 'utf8'), id);
        if (profile) profiles.set(id, profile);
      } catch {
        // A damaged file is skipped, not fatal: the other profiles stay usable.
      }
    }
    // A crash between the two writes leaves secrets without their profile.
    for (const name of names) {
      if (!name.endsWith('.secrets.json')) continue;
      const id = name.slice(0, -'.secrets.json'.length);
      if (isProfileId(id) && !profiles.has(id)) await fs.rm(path.join(this.dir, name), { force: true });
    }
    return profiles;
  }

  /** The secrets file's text, or null when it cannot be read. */
  readSecrets(id: string): Promise<string | null> {
    return fs.readFile(this.secretsPath(id), 'utf8').catch(() => null);
  }

  /** Writes a new profile; on a failure neither of its files is left behind and the error is thrown. */
  async create(id: string, texts: ProfileFileTexts): Promise<void> {
    try {
      await this.write(id, texts);
    } catch (err) {
      await fs.rm(this.profilePath(id), { force: true }).catch(() => undefined);
      await fs.rm(this.secretsPath(id), { force: true }).catch(() => undefined);
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.profilePath(id), { force: true });
    await fs.rm(this.secretsPath(id), { force: true });
  }

  /**
   * Writes every profile of `files` and removes those of `removed`, or none of it: on the first failure (or a
   * throw from `checkpoint`, asked before each step) every file touched is put back as it was, and the error
   * is thrown. `onWritten` hears of each profile written, by its index in `files`.
   */
  async replace(
    files: ReadonlyArray<{ id: string } & ProfileFileTexts>,
    removed: readonly string[],
    steps: { checkpoint: () => void; onWritten: (index: number) => void },
  ): Promise<void> {
    const undo: Array<() => Promise<void>> = [];
    try {
      // Each profile's two files in order (secrets first), several profiles at once: every write is atomic
      // with its own fsync, and waiting for them one after another is most of a big import's time.
      await inParallel(files.length, WRITE_CONCURRENCY, async (i) => {
        const f = files[i] as (typeof files)[number];
        steps.checkpoint();
        undo.push(await this.keepForUndo(f.id));
        await this.write(f.id, f);
        steps.onWritten(i);
      });
      for (const id of removed) {
        steps.checkpoint();
        undo.push(await this.keepForUndo(id));
        await this.remove(id);
      }
    } catch (err) {
      for (const step of undo.reverse()) await step().catch(() => undefined);
      throw err;
    }
  }

  private async write(id: string, texts: ProfileFileTexts): Promise<void> {
    await this.writeFile(this.secretsPath(id), texts.secretsText, 0o600);
    await this.writeFile(this.profilePath(id), texts.profileText, 0o600);
  }

  /** Reads a profile's two files as they are now, and returns how to put them back (or remove them). */
  private async keepForUndo(id: string): Promise<() => Promise<void>> {
    const read = (file: string) => fs.readFile(file, 'utf8').catch(() => null);
    const [profileText, secretsText] = [await read(this.profilePath(id)), await read(this.secretsPath(id))];
    return async () => {
      if (secretsText === null) await fs.rm(this.secretsPath(id), { force: true });
      else await this.writeFile(this.secretsPath(id), secretsText, 0o600);
      if (profileText === null) await fs.rm(this.profilePath(id), { force: true });
      else await this.writeFile(this.profilePath(id), profileText, 0o600);
    };
  }

  private profilePath(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private secretsPath(id: string): string {
    return path.join(this.dir, `${id}.secrets.json`);
  }
}

/**
 * Runs `task(0..count-1)`, at most `width` at a time. On the first failure no new task starts, the running
 * ones are waited for (so whatever they wrote can be undone), and that failure is thrown.
 */
async function inParallel(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < count && !failure) {
      const index = next;
      next += 1;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
}
