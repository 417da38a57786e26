import type { ProfileSummary } from '../../../../main/core/profiles/types';
import type { ServerEntry } from '../../../../main/core/service/server-listing';
import type { Rating } from '../../security/strength';
import { toPickerServer } from '../picker-entry';
import { countryNameIn } from '../place-names';
import { indexServers, type IndexedServer } from '../server-search';
import { groupFleet, type CountryGroup, type SortOrder } from '../server-tree';

/**
 * The picker's expensive stages, kept for the listing they were made from: the index and the grouping are
 * worked out while the window idles (warmFleet) and found ready when the picker opens.
 */
const ratingsByProfiles = new WeakMap<readonly ProfileSummary[], ReadonlyMap<string, Rating>>();
const itemsByServers = new WeakMap<
  readonly ServerEntry[],
  { ratings: ReadonlyMap<string, Rating>; items: IndexedServer[] }
>();
const groupsByItems = new WeakMap<readonly IndexedServer[], Map<string, CountryGroup[]>>();

export function ratingsOf(profiles: readonly ProfileSummary[]): ReadonlyMap<string, Rating> {
  let ratings = ratingsByProfiles.get(profiles);
  if (!ratings) {
    const map = new Map<string, Rating>();
    for (const p of profiles) if (p.expected) map.set(p.id, p.expected.rating);
    ratings = map;
    ratingsByProfiles.set(profiles, ratings);
  }
  return ratings;
}

export function indexedFleet(servers: readonly ServerEntry[], profiles: readonly ProfileSummary[]): IndexedServer[] {
  const ratings = ratingsOf(profiles);
  const cached = itemsByServers.get(servers);
  if (cached && cached.ratings === ratings) return cached.items;
  const items = indexServers(servers.map(toPickerServer), ratings);
  itemsByServers.set(servers, { ratings, items });
  return items;
}

export function groupedFleet(
  items: readonly IndexedServer[],
  sort: SortOrder,
  language: string,
  otherLabel: string,
): CountryGroup[] {
  let byKey = groupsByItems.get(items);
  if (!byKey) {
    byKey = new Map();
    groupsByItems.set(items, byKey);
  }
  const key = `${sort}|${language}|${otherLabel}`;
  let groups = byKey.get(key);
  if (!groups) {
    groups = groupFleet(items, sort, language, (code) => (code ? countryNameIn(code, language) : otherLabel));
    byKey.set(key, groups);
  }
  return groups;
}

/** Gets the default view of the picker ready in idle time, so opening it only draws. */
export function warmFleet(
  servers: readonly ServerEntry[],
  profiles: readonly ProfileSummary[],
  language: string,
  otherLabel: string,
): () => void {
  const work = () => groupedFleet(indexedFleet(servers, profiles), 'name', language, otherLabel);
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(work, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 200);
  return () => clearTimeout(timer);
}
