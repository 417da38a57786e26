import type { Profile } from './types';

/**
 * Decides what one import does to the stored profiles, before anything is written: which files are new, which
 * update a profile already there, which are identical to one, and which profiles of an earlier import of the
 * same bundle this bundle no longer has. Pure, so every rule is tested without a disk.
 *
 * A file updates a stored profile when it is the same server: the same file (path inside the bundle) from the
 * same bundle or reaching the same host, or, under another name, the very same endpoints. A generic name alone
 * ("client.conf" from two providers) is never enough, so one provider's file never overwrites another's.
 */
export interface PlanItem {
  /** Index in the import's list of parsed files. */
  index: number;
  /** Path inside the bundle ("se-got-wg-001.conf", "udp/jp1.ovpn"); the file name for a loose file. */
  pathInBundle: string;
  /** The archive or folder it came from, or null for a loose file. */
  bundle: string | null;
  contentHash: string;
  kind: Profile['kind'];
  /** "host:port/proto" of every endpoint, sorted. */
  endpoints: string[];
}

export type StoredForPlan = Pick<Profile, 'id' | 'contentHash' | 'kind' | 'sourceFile'> & {
  bundle?: string;
  endpoints: string[];
};

export type PlanStep =
  | { action: 'add'; index: number }
  | { action: 'update'; index: number; id: string }
  | { action: 'same'; index: number; id: string }
  /** The same content twice in one import: reported as a duplicate of the first. */
  | { action: 'same-in-batch'; index: number; firstIndex: number };

export interface ImportPlan {
  steps: PlanStep[];
  /** Ids of profiles an earlier import of this bundle brought that this one no longer has. */
  removed: string[];
}

/** "bundle.zip/udp/jp1.ovpn" -> "udp/jp1.ovpn"; a loose "jp1.ovpn" stays. */
export function pathInBundle(sourceFile: string, bundle: string | null | undefined): string {
  const normalized = sourceFile.replace(/\\/g, '/');
  if (bundle && normalized.startsWith(`${bundle}/`)) return normalized.slice(bundle.length + 1);
  return normalized.split('/').pop() ?? normalized;
}

export function planImport(items: readonly PlanItem[], stored: readonly StoredForPlan[]): ImportPlan {
  const byHash = new Map<string, string>();
  const byPath = new Map<string, StoredForPlan[]>();
  const byEndpoints = new Map<string, StoredForPlan[]>();
  for (const p of stored) {
    byHash.set(p.contentHash, p.id);
    push(byPath, `${p.kind}|${pathInBundle(p.sourceFile, p.bundle).toLowerCase()}`, p);
    if (p.endpoints.length > 0) push(byEndpoints, `${p.kind}|${p.endpoints.join(',')}`, p);
  }
  const claimed = new Set<string>();
  const seenHashes = new Map<string, number>();
  const steps: PlanStep[] = [];
  for (const item of items) {
    const same = byHash.get(item.contentHash);
    if (same !== undefined) {
      claimed.add(same);
      steps.push({ action: 'same', index: item.index, id: same });
      continue;
    }
    const first = seenHashes.get(item.contentHash);
    if (first !== undefined) {
      steps.push({ action: 'same-in-batch', index: item.index, firstIndex: first });
      continue;
    }
    seenHashes.set(item.contentHash, item.index);
    const hosts = new Set(item.endpoints.map(hostOf));
    const byName = (byPath.get(`${item.kind}|${item.pathInBundle.toLowerCase()}`) ?? []).find(
      (p) =>
        !claimed.has(p.id) &&
        ((item.bundle !== null && p.bundle === item.bundle) || p.endpoints.some((e) => hosts.has(hostOf(e)))),
    );
    const byAddress =
      byName ??
      (item.endpoints.length > 0
        ? (byEndpoints.get(`${item.kind}|${item.endpoints.join(',')}`) ?? []).find((p) => !claimed.has(p.id))
        : undefined);
    if (byAddress) {
      claimed.add(byAddress.id);
      steps.push({ action: 'update', index: item.index, id: byAddress.id });
    } else {
      steps.push({ action: 'add', index: item.index });
    }
  }
  // Only a bundle that is recognisably the same one (it matched at least one stored profile of that bundle)
  // retires what it no longer carries; another provider's "configs.zip" removes nothing.
  const removed: string[] = [];
  const bundles = new Set(items.map((i) => i.bundle).filter((b): b is string => b !== null));
  for (const bundle of bundles) {
    const members = stored.filter((p) => p.bundle === bundle);
    if (!members.some((p) => claimed.has(p.id))) continue;
    for (const p of members) if (!claimed.has(p.id)) removed.push(p.id);
  }
  return { steps, removed };
}

function hostOf(endpoint: string): string {
  const slash = endpoint.lastIndexOf('/');
  const withoutProto = slash >= 0 ? endpoint.slice(0, slash) : endpoint;
  const colon = withoutProto.lastIndexOf(':');
  return colon >= 0 ? withoutProto.slice(0, colon) : withoutProto;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
