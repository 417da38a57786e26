import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HoldfastError } from '../errors';
import type { Vault } from '../security/vault';
import { writeFileAtomic } from '../storage/atomic-file';
import { formatHostPort } from './net-syntax';
import { baseIdFromFileName, isProfileId, nameFromFileName, uniqueId } from './profile-id';
import { serializeOpenVpn } from './serialize-openvpn';
import { serializeWireGuard } from './serialize-wireguard';
import { pathInBundle, planImport, type ImportPlan } from './import-plan';
import type { OpenVpnProfile, ParsedProfile, Profile, ProfileSummary, WireGuardProfile } from './types';

/** One parsed file of an import, ready to store. */
export interface PreparedProfile {
  parsed: ParsedProfile;
  /** As shown to the user: "bundle.zip/se-got-wg-001.conf", or a file name. */
  fileName: string;
  /** The archive or folder it came from, or null for a loose file. */
  bundle: string | null;
}

/** What one import did, per prepared file, once committed. */
export interface CommitResult {
  /** Per prepared file: the profile it became or matched. */
  outcomes: Array<{ id: string; status: 'imported' | 'updated' | 'duplicate' }>;
  /** Profiles of an earlier import of the same bundle that this one no longer has: removed with the commit. */
  removed: Profile[];
}

export interface CommitOptions {
  signal?: AbortSignal;
  /** Profiles that must not be removed even when their bundle no longer has them (the one connected now). */
  keep?: ReadonlySet<string>;
  /** After each profile written: how many new and updated ones are on disk so far (of `total` to write). */
  onWritten?: (counts: { imported: number; updated: number; total: number }) => void;
}

/** The import was cancelled before its commit finished; nothing of it was kept. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled; nothing was changed.');
  }
}

const FORMAT = 1;

interface ProfileFile {
  format: typeof FORMAT;
  profile: Profile;
}

interface SecretsFile {
  format: typeof FORMAT;
  /** Which vault sealed the values, so a mismatch is explained instead of failing obscurely. */
  vault: string;
  sealed: Record<string, string>;
}

export interface ProfileStoreOptions {
  now?: () => Date;
  /** Injected in tests to simulate a crash mid-write; defaults to the atomic temp+fsync+rename writer. */
  writeFile?: (target: string, data: string, mode: number) => Promise<void>;
}

/** Canonical text of a parsed profile (secrets included): what duplicate detection hashes. */
export function canonicalProfileText(parsed: ParsedProfile): string {
  return parsed.profile.kind === 'wireguard'
    ? serializeWireGuard(parsed as ParsedProfile<WireGuardProfile>)
    : serializeOpenVpn(parsed as ParsedProfile<OpenVpnProfile>);
}

export function profileContentHash(parsed: ParsedProfile): string {
  return createHash('sha256')
    .update(`${parsed.profile.kind}\n${canonicalProfileText(parsed)}`)
    .digest('hex');
}

/**
 * Imported profiles on disk: `<dataDir>/profiles/<id>.json` (0600, no secret values) beside
 * `<id>.secrets.json` (each value sealed through the Vault). Writes are atomic and serialized; the
 * secrets file is written first and removed first, so a profile file never points at missing keys.
 * This process is the only writer, so the directory is read once and kept in memory.
 */
export class ProfileStore {
  private readonly profiles = new Map<string, Profile>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The profiles sorted, shared read-only, rebuilt only after a change (see `shared`). */
  private sharedList: readonly Profile[] | null = null;

  private constructor(
    private readonly dir: string,
    private readonly vault: Vault,
    private readonly now: () => Date,
    private readonly writeFile: (target: string, data: string, mode: number) => Promise<void>,
  ) {}

  static async open(dataDir: string, vault: Vault, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
    const dir = path.join(dataDir, 'profiles');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new ProfileStore(dir, vault, options.now ?? (() => new Date()), options.writeFile ?? writeFileAtomic);
    await store.load();
    return store;
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
    const damaged = () =>
      new HoldfastError(
        'storage-failed',
        `The keys of profile "${id}" are missing or damaged; import the profile again.`,
        { id },
      );
    let file: SecretsFile;
    try {
      file = JSON.parse(await fs.readFile(this.secretsPath(id), 'utf8')) as SecretsFile;
    } catch {
      throw damaged();
    }
    if (file.format !== FORMAT || typeof file.sealed !== 'object' || file.sealed === null) throw damaged();
    const open: Record<string, string> = {};
    try {
      for (const [ref, sealed] of Object.entries(file.sealed)) open[ref] = await this.vault.open(sealed);
    } catch {
      throw new HoldfastError(
        'storage-failed',
        `The keys of profile "${id}" were sealed by another keychain (${file.vault}) and cannot be opened here; import the profile again.`,
        { id },
      );
    }
    return open;
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

  private async commitNow(prepared: readonly PreparedProfile[], options: CommitOptions): Promise<CommitResult> {
    const { signal } = options;
    const cancelled = (): boolean => signal?.aborted === true;
    if (cancelled()) throw new ImportCancelled();
    const hashes = prepared.map((p) => profileContentHash(p.parsed));
    const plan: ImportPlan = planImport(
      prepared.map((p, index) => ({
        index,
        pathInBundle: pathInBundle(p.fileName, p.bundle),
        bundle: p.bundle,
        contentHash: hashes[index] as string,
        kind: p.parsed.profile.kind,
        endpoints: endpointKeys(p.parsed.profile),
      })),
      [...this.profiles.values()].map((p) => ({
        id: p.id,
        contentHash: p.contentHash,
        kind: p.kind,
        sourceFile: p.sourceFile,
        bundle: p.bundle,
        endpoints: endpointKeys(p),
      })),
    );
    const now = this.now().toISOString();
    const taken = new Set<string>();
    const outcomes: CommitResult['outcomes'] = new Array(prepared.length);
    const writes: Array<{ profile: Profile; parsed: ParsedProfile; previous?: Profile }> = [];
    for (const step of plan.steps) {
      const item = prepared[step.index] as PreparedProfile;
      if (step.action === 'same') {
        outcomes[step.index] = { id: step.id, status: 'duplicate' };
        continue;
      }
      if (step.action === 'same-in-batch') continue;
      const previous = step.action === 'update' ? this.profiles.get(step.id) : undefined;
      const id =
        previous?.id ?? uniqueId(baseIdFromFileName(item.fileName), (c) => this.profiles.has(c) || taken.has(c));
      taken.add(id);
      const profile = {
        ...item.parsed.profile,
        id,
        name: previous?.name ?? nameFromFileName(item.fileName),
        sourceFile: item.fileName,
        importedAt: previous?.importedAt ?? now,
        ...(previous ? { updatedAt: now } : {}),
        ...(item.bundle ? { bundle: item.bundle } : {}),
        contentHash: hashes[step.index] as string,
        warnings: item.parsed.warnings,
      } as Profile;
      writes.push({ profile, parsed: item.parsed, ...(previous ? { previous } : {}) });
      outcomes[step.index] = { id, status: previous ? 'updated' : 'imported' };
    }
    for (const step of plan.steps) {
      if (step.action === 'same-in-batch') {
        const first = outcomes[step.firstIndex];
        outcomes[step.index] = { id: first?.id ?? '', status: 'duplicate' };
      }
    }
    const removed = plan.removed
      .filter((id) => !options.keep?.has(id))
      .map((id) => this.profiles.get(id))
      .filter((p): p is Profile => p !== undefined);

    // Everything is sealed and serialized before the first write, so a cancel here costs nothing.
    const files: Array<{ id: string; profileText: string; secretsText: string }> = [];
    for (const w of writes) {
      if (cancelled()) throw new ImportCancelled();
      files.push({ id: w.profile.id, ...(await this.render(w.profile, w.parsed)) });
    }
    const undo: Array<() => Promise<void>> = [];
    const written = { imported: 0, updated: 0, total: files.length };
    try {
      // Each profile's two files in order (secrets first), several profiles at once: every write is atomic
      // with its own fsync, and waiting for them one after another is most of a big import's time.
      await inParallel(files.length, WRITE_CONCURRENCY, async (i) => {
        const f = files[i] as (typeof files)[number];
        if (cancelled()) throw new ImportCancelled();
        undo.push(await this.keepForUndo(f.id));
        await this.writeFile(this.secretsPath(f.id), f.secretsText, 0o600);
        await this.writeFile(this.profilePath(f.id), f.profileText, 0o600);
        if (writes[i]?.previous) written.updated += 1;
        else written.imported += 1;
        options.onWritten?.({ ...written });
      });
      for (const p of removed) {
        if (cancelled()) throw new ImportCancelled();
        undo.push(await this.keepForUndo(p.id));
        await fs.rm(this.profilePath(p.id), { force: true });
        await fs.rm(this.secretsPath(p.id), { force: true });
      }
    } catch (err) {
      for (const step of undo.reverse()) await step().catch(() => undefined);
      if (err instanceof ImportCancelled) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new HoldfastError('storage-failed', `The import could not be saved, so nothing was changed: ${reason}`);
    }
    for (const w of writes) this.profiles.set(w.profile.id, w.profile);
    for (const p of removed) this.profiles.delete(p.id);
    if (writes.length > 0 || removed.length > 0) this.sharedList = null;
    return { outcomes, removed: removed.map((p) => structuredClone(p)) };
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

  /** The two files of a profile: the clear one (no secret values) and the sealed secrets. */
  private async render(profile: Profile, parsed: ParsedProfile): Promise<{ profileText: string; secretsText: string }> {
    const profileText = `${JSON.stringify({ format: FORMAT, profile } satisfies ProfileFile, null, 2)}\n`;
    // Defence in depth: a parser bug must not put a key in the clear file.
    for (const value of Object.values(parsed.secrets)) {
      if (
        value.length >= 8 &&
        (profileText.includes(value) || profileText.includes(JSON.stringify(value).slice(1, -1)))
      ) {
        throw new HoldfastError('internal', 'A secret was about to be stored in clear; the import was stopped.');
      }
    }
    const sealed: Record<string, string> = {};
    for (const [ref, value] of Object.entries(parsed.secrets)) sealed[ref] = await this.vault.seal(value);
    const secretsFile: SecretsFile = { format: FORMAT, vault: this.vault.info().backend, sealed };
    return { profileText, secretsText: `${JSON.stringify(secretsFile, null, 2)}\n` };
  }

  remove(id: string): Promise<boolean> {
    return this.serialized(async () => {
      if (!isProfileId(id) || !this.profiles.has(id)) return false;
      await fs.rm(this.profilePath(id), { force: true });
      await fs.rm(this.secretsPath(id), { force: true });
      this.profiles.delete(id);
      this.sharedList = null;
      return true;
    });
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
    const { profileText, secretsText } = await this.render(profile, parsed);
    try {
      await this.writeFile(this.secretsPath(id), secretsText, 0o600);
      await this.writeFile(this.profilePath(id), profileText, 0o600);
    } catch (err) {
      await fs.rm(this.profilePath(id), { force: true }).catch(() => undefined);
      await fs.rm(this.secretsPath(id), { force: true }).catch(() => undefined);
      const reason = err instanceof Error ? err.message : String(err);
      throw new HoldfastError('storage-failed', `The profile could not be saved: ${reason}`, { id });
    }
    this.profiles.set(id, profile);
    this.sharedList = null;
    return { id, duplicate: false };
  }

  private async load(): Promise<void> {
    const names = await fs.readdir(this.dir);
    const ids = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.json') || name.endsWith('.secrets.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (!isProfileId(id)) continue;
      try {
        const file = JSON.parse(await fs.readFile(this.profilePath(id), 'utf8')) as ProfileFile;
        if (file.format !== FORMAT || file.profile?.id !== id) continue;
        if (file.profile.kind !== 'wireguard' && file.profile.kind !== 'openvpn') continue;
        this.profiles.set(id, file.profile);
        ids.add(id);
      } catch {
        // A damaged file is skipped, not fatal: the other profiles stay usable.
      }
    }
    // Secrets whose profile file never made it to disk (a crash between the two writes) are removed.
    for (const name of names) {
      if (!name.endsWith('.secrets.json')) continue;
      const id = name.slice(0, -'.secrets.json'.length);
      if (isProfileId(id) && !ids.has(id)) await fs.rm(path.join(this.dir, name), { force: true });
    }
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private profilePath(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private secretsPath(id: string): string {
    return path.join(this.dir, `${id}.secrets.json`);
  }
}

/** "host:port/proto" of every endpoint, sorted: what makes two profiles the same server address. */
export function endpointKeys(
  profile: Pick<Profile, 'kind'> & Partial<Pick<WireGuardProfile, 'peers'>> & Partial<Pick<OpenVpnProfile, 'remotes'>>,
): string[] {
  const keys =
    profile.kind === 'wireguard'
      ? (profile.peers ?? []).flatMap((p) =>
          p.endpoint ? [`${formatHostPort(p.endpoint.host.toLowerCase(), p.endpoint.port)}/udp`] : [],
        )
      : (profile.remotes ?? []).map((r) => `${formatHostPort(r.host.toLowerCase(), r.port)}/${r.proto}`);
  return keys.sort();
}

const byName = new Intl.Collator();

/** Profiles written at once during an import. */
const WRITE_CONCURRENCY = 8;

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
