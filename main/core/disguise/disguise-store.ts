import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HoldfastError } from '../errors';
import type { Vault } from '../security/vault';
import { writeFileAtomic } from '../storage/atomic-file';
import type { DisguiseParams, ParsedDisguise } from './types';

const FORMAT = 1;
const FILE_NAME = 'disguises.json';
/** More than any provider's subscription; keeps the one file small enough to rewrite on every change. */
export const MAX_STORED_DISGUISES = 5000;

/**
 * Where a disguise belongs: `auto` follows the server whose endpoint has the disguise's host (so a profile
 * imported later still finds it); `server` is the user's choice; `detached` is the user's "none".
 */
export type DisguiseAttachment = { mode: 'auto' } | { mode: 'server'; serverKey: string } | { mode: 'detached' };

export interface StoredDisguise {
  id: string;
  params: DisguiseParams;
  attachment: DisguiseAttachment;
  importedAt: string;
  sourceFile: string;
}

interface StoredEntry extends StoredDisguise {
  /** SecretRef -> value sealed through the vault. */
  sealed: Record<string, string>;
}

interface DisguiseFile {
  format: typeof FORMAT;
  /** Which vault sealed the values, so a mismatch is explained instead of failing obscurely. */
  vault: string;
  disguises: StoredEntry[];
}

export interface DisguiseStoreOptions {
  now?: () => Date;
  /** Injected in tests to simulate a failed write; defaults to the atomic temp+fsync+rename writer. */
  writeFile?: (target: string, data: string, mode: number) => Promise<void>;
  /** Injected in tests for readable ids. */
  newId?: () => string;
}

/**
 * Imported disguises in one file, `<dataDir>/disguises.json` (0600): their public parameters in clear, each
 * secret (Shadowsocks password, obfs4 cert) sealed through the vault. Every change rewrites the file
 * atomically, one change at a time; the file is read once, as this process is its only writer. A change
 * that cannot be written is not kept in memory either.
 */
export class DisguiseStore {
  private entries: StoredEntry[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when the file existed but could not be read; the next write would replace it, so writes are refused. */
  loadProblem: string | null = null;

  private constructor(
    private readonly file: string,
    private readonly vault: Vault,
    private readonly now: () => Date,
    private readonly writeFile: (target: string, data: string, mode: number) => Promise<void>,
    private readonly newId: () => string,
  ) {}

  static async open(dataDir: string, vault: Vault, options: DisguiseStoreOptions = {}): Promise<DisguiseStore> {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    const store = new DisguiseStore(
      path.join(dataDir, FILE_NAME),
      vault,
      options.now ?? (() => new Date()),
      options.writeFile ?? writeFileAtomic,
      options.newId ?? (() => `d-${randomBytes(5).toString('hex')}`),
    );
    await store.load();
    return store;
  }

  list(): StoredDisguise[] {
    return this.entries.map(({ sealed: _sealed, ...rest }) => structuredClone(rest));
  }

  get(id: string): StoredDisguise {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) throw notFound(id);
    const { sealed: _sealed, ...rest } = entry;
    return structuredClone(rest);
  }

  /** SecretRef -> plaintext, for the disguise programs only. Never log or send the result anywhere. */
  async openSecrets(id: string): Promise<Record<string, string>> {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) throw notFound(id);
    return this.openEntry(entry);
  }

  /**
   * Saves a parsed disguise, or answers the one already stored with the same parameters and secrets
   * (a duplicate: a subscription imported twice adds nothing).
   */
  async save(parsed: ParsedDisguise, sourceFile: string): Promise<{ id: string; duplicate: boolean }> {
    const [result] = await this.saveAll([parsed], sourceFile);
    if (!result || 'error' in result) throw new HoldfastError('storage-failed', result?.error ?? 'Nothing was saved.');
    return result;
  }

  /**
   * Saves the disguises of one file in one write (a 2000-entry subscription is one rewrite of the file, not
   * 2000). Each answers its id, whether it was already there (stored, or earlier in the same file), or why it
   * was not kept. A failed write throws and keeps none of them.
   */
  saveAll(
    parsed: readonly ParsedDisguise[],
    sourceFile: string,
  ): Promise<Array<{ id: string; duplicate: boolean } | { error: string }>> {
    return this.serialized(async () => {
      const next = [...this.entries];
      const ids = new Set(next.map((e) => e.id));
      const byIdentity = new Map<string, StoredEntry[]>();
      for (const entry of this.entries) {
        const key = publicIdentity(entry.params);
        byIdentity.set(key, [...(byIdentity.get(key) ?? []), entry]);
      }
      const freshByIdentity = new Map<string, Array<{ entry: StoredEntry; secrets: Record<string, string> }>>();
      const fresh: Array<{ entry: StoredEntry; secrets: Record<string, string> }> = [];
      const results: Array<{ id: string; duplicate: boolean } | { error: string }> = [];
      for (const disguise of parsed) {
        const identity = publicIdentity(disguise.params);
        const same =
          (await this.findSame(disguise, byIdentity.get(identity) ?? [])) ??
          freshByIdentity.get(identity)?.find((f) => sameSecrets(f.secrets, disguise.secrets))?.entry;
        if (same) {
          results.push({ id: same.id, duplicate: true });
          continue;
        }
        if (next.length >= MAX_STORED_DISGUISES) {
          results.push({
            error: `Holdfast keeps at most ${MAX_STORED_DISGUISES} disguises; remove some before importing more.`,
          });
          continue;
        }
        let id = this.newId();
        while (ids.has(id)) id = this.newId();
        const sealed: Record<string, string> = {};
        for (const [ref, value] of Object.entries(disguise.secrets)) sealed[ref] = await this.vault.seal(value);
        const entry: StoredEntry = {
          id,
          params: structuredClone(disguise.params),
          attachment: { mode: 'auto' },
          importedAt: this.now().toISOString(),
          sourceFile: sourceFile.slice(0, 255),
          sealed,
        };
        // A secret must never sit in a public field (a parser bug, or a name that repeats the password).
        if (inClear(entry, disguise.secrets)) {
          results.push({
            error:
              'Its password or cert also appears in a public part such as its name, so it was not saved (it would be stored in clear). Change the name and import it again.',
          });
          continue;
        }
        next.push(entry);
        ids.add(id);
        const added = { entry, secrets: disguise.secrets };
        fresh.push(added);
        freshByIdentity.set(identity, [...(freshByIdentity.get(identity) ?? []), added]);
        results.push({ id, duplicate: false });
      }
      if (fresh.length > 0) {
        await this.commit(next);
      }
      return results;
    });
  }

  setAttachment(id: string, attachment: DisguiseAttachment): Promise<StoredDisguise> {
    return this.serialized(async () => {
      const index = this.entries.findIndex((e) => e.id === id);
      const entry = this.entries[index];
      if (!entry) throw notFound(id);
      const next = [...this.entries];
      next[index] = { ...entry, attachment: { ...attachment } };
      await this.commit(next);
      return this.get(id);
    });
  }

  remove(id: string): Promise<boolean> {
    return this.serialized(async () => {
      if (!this.entries.some((e) => e.id === id)) return false;
      await this.commit(this.entries.filter((e) => e.id !== id));
      return true;
    });
  }

  // ---- internals -------------------------------------------------------------------------------------

  /**
   * Among stored entries with the same kind, endpoint and public parameters: the one with the same secrets. Secrets are compared opened, never
   * hashed onto disk: a short Shadowsocks password's hash could be guessed back from the file.
   */
  private async findSame(parsed: ParsedDisguise, candidates: readonly StoredEntry[]): Promise<StoredEntry | undefined> {
    for (const entry of candidates) {
      const open = await this.openEntry(entry).catch(() => undefined);
      if (open && sameSecrets(open, parsed.secrets)) return entry;
    }
    return undefined;
  }

  private async openEntry(entry: StoredEntry): Promise<Record<string, string>> {
    const open: Record<string, string> = {};
    try {
      for (const [ref, sealed] of Object.entries(entry.sealed)) open[ref] = await this.vault.open(sealed);
    } catch {
      throw new HoldfastError(
        'storage-failed',
        `The secrets of disguise "${entry.id}" were sealed by another keychain and cannot be opened here; import it again.`,
        { id: entry.id },
      );
    }
    return open;
  }

  /** Writes the whole list; memory changes only once the file is on disk. */
  private async commit(next: StoredEntry[]): Promise<void> {
    if (this.loadProblem) {
      throw new HoldfastError('storage-failed', `${this.loadProblem} It was left as it is; nothing was changed.`);
    }
    const file: DisguiseFile = { format: FORMAT, vault: this.vault.info().backend, disguises: next };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    try {
      await this.writeFile(this.file, text, 0o600);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new HoldfastError('storage-failed', `The disguises could not be saved: ${reason}`);
    }
    this.entries = next;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.loadProblem = `${this.file} could not be read.`;
      return;
    }
    try {
      const file = JSON.parse(text) as DisguiseFile;
      if (file.format !== FORMAT || !Array.isArray(file.disguises)) throw new Error('unknown format');
      this.entries = file.disguises.filter(isEntry);
    } catch {
      this.loadProblem = `${this.file} is damaged or from a newer Holdfast.`;
    }
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Everything but the secrets and the label: two lines for one server that differ only in name are one. */
function publicIdentity(params: DisguiseParams): string {
  const host = params.host.toLowerCase();
  switch (params.kind) {
    case 'shadowsocks':
      return `shadowsocks|${host}|${params.port}|${params.method}`;
    case 'tls':
      return `tls|${host}|${params.port}|${params.sni.toLowerCase()}`;
    case 'obfs4':
      return `obfs4|${host}|${params.port}|${params.iatMode}`;
  }
}

function inClear(entry: StoredEntry, secrets: Record<string, string>): boolean {
  const { sealed: _sealed, ...visible } = entry;
  const text = JSON.stringify(visible);
  return Object.values(secrets).some(
    (value) => value.length >= 8 && (text.includes(value) || text.includes(JSON.stringify(value).slice(1, -1))),
  );
}

function sameSecrets(a: Record<string, string>, b: Record<string, string>): boolean {
  const refs = Object.keys(a);
  return refs.length === Object.keys(b).length && refs.every((ref) => a[ref] === b[ref]);
}

function isEntry(value: unknown): value is StoredEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<StoredEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.params === 'object' &&
    entry.params !== null &&
    ['shadowsocks', 'tls', 'obfs4'].includes(entry.params.kind) &&
    typeof entry.attachment === 'object' &&
    entry.attachment !== null &&
    typeof entry.sealed === 'object' &&
    entry.sealed !== null
  );
}

function notFound(id: string): HoldfastError {
  return new HoldfastError(
    'disguise-not-found',
    `There is no disguise "${id.slice(0, 100)}". Run \`holdfast servers disguises\` to see them.`,
    { id: id.slice(0, 100) },
  );
}
