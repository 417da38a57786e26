import { HoldfastError } from '../errors';
import type { Vault } from '../security/vault';
import { writeFileAtomic } from '../storage/atomic-file';
import {
  ImportCancelled,
  planCommit,
  type CommitOptions,
  type CommitResult,
  type PreparedProfile,
} from './import-commit';
import { formatHostPort } from './net-syntax';
import { baseIdFromFileName, isProfileId, nameFromFileName, uniqueId } from './profile-id';
import { profileContentHash } from './profile-identity';
import { openSecretsFile, renderProfileFiles, type ProfileFileTexts } from './profile-file-format';
import { ProfileFiles, type FileWriter } from './profile-files';
import type { ParsedProfile, Profile, ProfileSummary } from './types';

export interface ProfileStoreOptions {
  now?: () => Date;
  /** Injected in tests to simulate a crash mid-write; defaults to the atomic temp+fsync+rename writer. */
  writeFile?: FileWriter;
}

/**
 * Imported profiles on disk (profile-files.ts: one clear file and one of sealed secrets each, written
 * atomically) and in memory. Changes are serialized; this process is the only writer, so the directory is
 * read once and kept in memory.
 */
export class ProfileStore {
  private queue: Promise<unknown> = Promise.resolve();
  /** The profiles sorted, shared read-only, rebuilt only after a change (see `shared`). */
  private sharedList: readonly Profile[] | null = null;

  private constructor(
    private readonly files: ProfileFiles,
    private readonly profiles: Map<string, Profile>,
    private readonly vault: Vault,
    private readonly now: () => Date,
  ) {}

  static async open(dataDir: string, vault: Vault, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
    const files = await ProfileFiles.open(dataDir, options.writeFile ?? writeFileAtomic);
    return new ProfileStore(files, await files.loadAll(), vault, options.now ?? (() => new Date()));
  }

  async list(): Promise<Profile[]> {
    return [...this.profiles.values()]
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .map((p) => structuredClone(p));
  }

  /**
   * Every profile by name, as one shared read-only array that stays the same object until a profile changes:
   * for readers of a whole fleet (the server list) that must not pay for copying 10,000 profiles on every
   * call. Never modify what it returns; use `list` for copies.
   */
  async shared(): Promise<readonly Profile[]> {
    this.sharedList ??= Object.freeze(
      [...this.profiles.values()].sort((a, b) => byName.compare(a.name, b.name) || byName.compare(a.id, b.id)),
    );
    return this.sharedList;
  }

  async summaries(): Promise<ProfileSummary[]> {
    return (await this.list()).map(summarize);
  }

  async get(id: string): Promise<Profile> {
    const profile = isProfileId(id) ? this.profiles.get(id) : undefined;
    if (!profile) throw new HoldfastError('profile-not-found', `There is no profile "${id.slice(0, 100)}".`, { id });
    return structuredClone(profile);
  }

  /** SecretRef -> plaintext, for drivers only. Never log or send the result anywhere. */
  async openSecrets(id: string): Promise<Record<string, string>> {
    await this.get(id);
    return openSecretsFile(id, await this.files.readSecrets(id), this.vault);
  }

  save(parsed: ParsedProfile, source: { fileName: string; text: string }): Promise<{ id: string; duplicate: boolean }> {
    return this.serialized(() => this.saveNow(parsed, source));
  }

  /**
   * Stores a whole import at once: new profiles, updates in place (same id, the user's name kept), and the
   * retirement of profiles its bundle no longer has. Either every file is written or, on an error or a cancel
   * part-way, every file is put back as it was and the memory view is untouched.
   */
  commitImport(prepared: readonly PreparedProfile[], options: CommitOptions = {}): Promise<CommitResult> {
    return this.serialized(() => this.commitNow(prepared, options));
  }

  remove(id: string): Promise<boolean> {
    return this.serialized(async () => {
      if (!isProfileId(id) || !this.profiles.has(id)) return false;
      await this.files.remove(id);
      this.profiles.delete(id);
      this.sharedList = null;
      return true;
    });
  }

  private async commitNow(prepared: readonly PreparedProfile[], options: CommitOptions): Promise<CommitResult> {
    const { signal } = options;
    const stopIfCancelled = (): void => {
      if (signal?.aborted === true) throw new ImportCancelled();
    };
    stopIfCancelled();
    const { writes, outcomes, removed } = planCommit(prepared, this.profiles, this.now().toISOString(), options.keep);

    // Everything is sealed and serialized before the first write, so a cancel here costs nothing.
    const files: Array<{ id: string } & ProfileFileTexts> = [];
    for (const w of writes) {
      stopIfCancelled();
      files.push({ id: w.profile.id, ...(await renderProfileFiles(w.profile, w.parsed, this.vault)) });
    }
    const written = { imported: 0, updated: 0, total: files.length };
    try {
      await this.files.replace(
        files,
        removed.map((p) => p.id),
        {
          checkpoint: stopIfCancelled,
          onWritten: (i) => {
            if (writes[i]?.previous) written.updated += 1;
            else written.imported += 1;
            options.onWritten?.({ ...written });
          },
        },
      );
    } catch (err) {
      if (err instanceof ImportCancelled) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new HoldfastError('storage-failed', `The import could not be saved, so nothing was changed: ${reason}`);
    }
    for (const w of writes) this.profiles.set(w.profile.id, w.profile);
    for (const p of removed) this.profiles.delete(p.id);
    if (writes.length > 0 || removed.length > 0) this.sharedList = null;
    return { outcomes, removed: removed.map((p) => structuredClone(p)) };
  }

  private async saveNow(
    parsed: ParsedProfile,
    source: { fileName: string },
  ): Promise<{ id: string; duplicate: boolean }> {
    const contentHash = profileContentHash(parsed);
    for (const existing of this.profiles.values()) {
      if (existing.contentHash === contentHash) return { id: existing.id, duplicate: true };
    }
    const id = uniqueId(baseIdFromFileName(source.fileName), (candidate) => this.profiles.has(candidate));
    const profile = {
      ...parsed.profile,
      id,
      name: nameFromFileName(source.fileName),
      sourceFile: source.fileName,
      importedAt: this.now().toISOString(),
      contentHash,
      warnings: parsed.warnings,
    } as Profile;
    const texts = await renderProfileFiles(profile, parsed, this.vault);
    try {
      await this.files.create(id, texts);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new HoldfastError('storage-failed', `The profile could not be saved: ${reason}`, { id });
    }
    this.profiles.set(id, profile);
    this.sharedList = null;
    return { id, duplicate: false };
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

const byName = new Intl.Collator();

function summarize(profile: Profile): ProfileSummary {
  const endpoints =
    profile.kind === 'wireguard'
      ? profile.peers.flatMap((p) => (p.endpoint ? [formatHostPort(p.endpoint.host, p.endpoint.port)] : []))
      : profile.remotes.map((r) => `${formatHostPort(r.host, r.port)}/${r.proto}`);
  return {
    id: profile.id,
    name: profile.name,
    kind: profile.kind,
    sourceFile: profile.sourceFile,
    importedAt: profile.importedAt,
    endpoints,
    warnings: profile.warnings,
  };
}
