import { pathInBundle, planImport } from './import-plan';
import { baseIdFromFileName, nameFromFileName, uniqueId } from './profile-id';
import { endpointKeys, profileContentHash } from './profile-identity';
import type { ParsedProfile, Profile } from './types';

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

/** A profile record to write, with what it was parsed from and the stored one it replaces. */
export interface ProfileWrite {
  profile: Profile;
  parsed: ParsedProfile;
  previous?: Profile;
}

/** What committing an import will do, decided before anything is written. */
export interface CommitPlan {
  writes: ProfileWrite[];
  outcomes: CommitResult['outcomes'];
  removed: Profile[];
}

/**
 * Turns an import into profile records against the stored ones: new profiles get a fresh id, updates keep
 * the id, name and import time of the profile they replace, and the same content is a duplicate. Profiles
 * its bundle no longer has are retired, except those in `keep`.
 */
export function planCommit(
  prepared: readonly PreparedProfile[],
  existing: ReadonlyMap<string, Profile>,
  now: string,
  keep?: ReadonlySet<string>,
): CommitPlan {
  const hashes = prepared.map((p) => profileContentHash(p.parsed));
  const plan = planImport(
    prepared.map((p, index) => ({
      index,
      pathInBundle: pathInBundle(p.fileName, p.bundle),
      bundle: p.bundle,
      contentHash: hashes[index] as string,
      kind: p.parsed.profile.kind,
      endpoints: endpointKeys(p.parsed.profile),
    })),
    [...existing.values()].map((p) => ({
      id: p.id,
      contentHash: p.contentHash,
      kind: p.kind,
      sourceFile: p.sourceFile,
      bundle: p.bundle,
      endpoints: endpointKeys(p),
    })),
  );
  const taken = new Set<string>();
  const outcomes: CommitResult['outcomes'] = new Array(prepared.length);
  const writes: ProfileWrite[] = [];
  for (const step of plan.steps) {
    const item = prepared[step.index] as PreparedProfile;
    if (step.action === 'same') {
      outcomes[step.index] = { id: step.id, status: 'duplicate' };
      continue;
    }
    if (step.action === 'same-in-batch') continue;
    const previous = step.action === 'update' ? existing.get(step.id) : undefined;
    const id = previous?.id ?? uniqueId(baseIdFromFileName(item.fileName), (c) => existing.has(c) || taken.has(c));
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
    .filter((id) => !keep?.has(id))
    .map((id) => existing.get(id))
    .filter((p): p is Profile => p !== undefined);
  return { writes, outcomes, removed };
}
