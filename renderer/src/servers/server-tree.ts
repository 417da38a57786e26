import type { IndexedServer } from './server-search';
import { matchesQuery } from './server-search';
import { isChinese } from './place-names';

export type SortOrder = 'name' | 'latency';

export interface CityGroup {
  code: string;
  label: string;
  servers: IndexedServer[];
}

/** A country (code null: "Other", what could not be placed) with its cities and the servers with no city. */
export interface CountryGroup {
  code: string | null;
  label: string;
  cities: CityGroup[];
  loose: IndexedServer[];
}

export interface GroupRow {
  kind: 'group';
  id: string;
  group: 'favourites' | 'recent' | 'country' | 'city';
  /** Country or city code; null for the sections and for "Other". */
  code: string | null;
  /** The country's or city's name in the window's language (sections are named by the view). */
  label: string;
  /** Servers inside that match the query. */
  count: number;
  expanded: boolean;
  level: number;
  setSize: number;
  posInSet: number;
  parentId: string | null;
}

export interface ServerRow {
  kind: 'server';
  id: string;
  item: IndexedServer;
  level: number;
  setSize: number;
  posInSet: number;
  parentId: string | null;
}

export type TreeRow = GroupRow | ServerRow;

/** How many recently used servers the Recent group shows. */
export const RECENT_COUNT = 5;
/** A fleet this small opens with every group expanded: nothing to fold away. */
export const SMALL_FLEET = 30;

function collator(language: string): Intl.Collator {
  return new Intl.Collator(language, { sensitivity: 'base', numeric: true });
}

/** Name order, or latency order with the unmeasured last (then by name): never mistaking "unknown" for fast. */
export function serverComparator(sort: SortOrder, language: string): (a: IndexedServer, b: IndexedServer) => number {
  const byName = collator(language);
  const names = (a: IndexedServer, b: IndexedServer) =>
    byName.compare(a.server.name, b.server.name) || (a.server.key < b.server.key ? -1 : 1);
  if (sort === 'name') return names;
  return (a, b) => compareLatency(a.latencyMs, b.latencyMs) || names(a, b);
}

function compareLatency(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function bestLatency(servers: readonly IndexedServer[]): number | null {
  let best: number | null = null;
  for (const s of servers) if (s.latencyMs !== null && (best === null || s.latencyMs < best)) best = s.latencyMs;
  return best;
}

/**
 * The whole fleet as countries and cities, sorted once per listing, order and language (the expensive part);
 * a query then only filters this. "Other" always comes last.
 */
export function groupFleet(
  items: readonly IndexedServer[],
  sort: SortOrder,
  language: string,
  countryLabel: (code: string | null) => string,
): CountryGroup[] {
  const chinese = isChinese(language);
  const countries = new Map<string | null, { loose: IndexedServer[]; cities: Map<string, CityGroup> }>();
  for (const item of items) {
    let country = countries.get(item.country);
    if (!country) {
      country = { loose: [], cities: new Map() };
      countries.set(item.country, country);
    }
    const city = item.server.city;
    if (!city) {
      country.loose.push(item);
      continue;
    }
    let group = country.cities.get(city.code);
    if (!group) {
      group = { code: city.code, label: chinese ? city.zh : city.en, servers: [] };
      country.cities.set(city.code, group);
    }
    group.servers.push(item);
  }

  const compareServers = serverComparator(sort, language);
  const byName = collator(language);
  const compareGroups = <T extends { label: string }>(a: T, b: T, aBest: number | null, bBest: number | null) =>
    (sort === 'latency' ? compareLatency(aBest, bBest) : 0) || byName.compare(a.label, b.label);

  const groups: CountryGroup[] = [];
  for (const [code, country] of countries) {
    const cities = [...country.cities.values()];
    for (const city of cities) city.servers.sort(compareServers);
    const cityBest = new Map(cities.map((c) => [c, bestLatency(c.servers)]));
    cities.sort((a, b) => compareGroups(a, b, cityBest.get(a) ?? null, cityBest.get(b) ?? null));
    country.loose.sort(compareServers);
    groups.push({ code, label: countryLabel(code), cities, loose: country.loose });
  }
  const countryBest = new Map(groups.map((g) => [g, bestLatency([...g.loose, ...g.cities.flatMap((c) => c.servers)])]));
  groups.sort((a, b) => {
    if (a.code === null || b.code === null) return a.code === null ? (b.code === null ? 0 : 1) : -1;
    return compareGroups(a, b, countryBest.get(a) ?? null, countryBest.get(b) ?? null);
  });
  return groups;
}

export interface TreeOptions {
  groups: readonly CountryGroup[];
  /** Every server, for Favourites and Recent. */
  items: readonly IndexedServer[];
  tokens: readonly string[];
  /** The servers matching `tokens` when already known (worked out incrementally while typing). */
  matched?: ReadonlySet<IndexedServer>;
  sort: SortOrder;
  language: string;
  /** Groups the user opened or closed, by row id: each flips that group's default. */
  toggled: ReadonlySet<string>;
}

/**
 * The rows the list shows, in order, with their tree position for screen readers (level, position, set
 * size). While searching every group opens and Favourites and Recent step aside: the matches are the list.
 */
export interface Tree {
  rows: TreeRow[];
  /** Servers that match the query (each once, however many groups show it). */
  matched: number;
}

export function buildTree(options: TreeOptions): Tree {
  const { groups, items, tokens, toggled } = options;
  const searching = tokens.length > 0;
  const { matched } = options;
  const isMatch = matched
    ? (item: IndexedServer) => matched.has(item)
    : (item: IndexedServer) => matchesQuery(item, tokens);
  const openByDefault = searching || items.length <= SMALL_FLEET;
  const isOpen = (id: string, byDefault: boolean) => (toggled.has(id) ? !byDefault : byDefault);
  const rows: TreeRow[] = [];
  const top: GroupRow[] = [];

  const pushServers = (servers: readonly IndexedServer[], prefix: string, level: number, parentId: string) => {
    servers.forEach((item, i) =>
      rows.push({
        kind: 'server',
        id: `${prefix}${item.server.key}`,
        item,
        level,
        setSize: servers.length,
        posInSet: i + 1,
        parentId,
      }),
    );
  };
  const pushGroup = (row: Omit<GroupRow, 'setSize' | 'posInSet' | 'kind'>): GroupRow => {
    const group: GroupRow = { kind: 'group', ...row, setSize: 0, posInSet: 0 };
    rows.push(group);
    return group;
  };

  if (!searching) {
    const compare = serverComparator(options.sort, options.language);
    const favourites = items.filter((i) => i.server.favourite).sort(compare);
    const recent = items
      .filter((i) => i.server.lastUsedAt !== null)
      .sort((a, b) => (b.server.lastUsedAt ?? '').localeCompare(a.server.lastUsedAt ?? ''))
      .slice(0, RECENT_COUNT);
    for (const [id, list] of [
      ['favourites', favourites],
      ['recent', recent],
    ] as const) {
      if (list.length === 0) continue;
      const expanded = isOpen(id, true);
      const base = { id, group: id, code: null, label: '', count: list.length, expanded, level: 1, parentId: null };
      top.push(pushGroup(base));
      if (expanded) pushServers(list, `${id}:`, 2, id);
    }
  }

  for (const country of groups) {
    const cities = country.cities
      .map((city) => ({
        city,
        servers: searching ? city.servers.filter(isMatch) : city.servers,
      }))
      .filter((c) => c.servers.length > 0);
    const loose = searching ? country.loose.filter(isMatch) : country.loose;
    const count = loose.length + cities.reduce((n, c) => n + c.servers.length, 0);
    if (count === 0) continue;
    const id = `country:${country.code ?? ''}`;
    const expanded = isOpen(id, openByDefault);
    top.push(
      pushGroup({
        id,
        group: 'country',
        code: country.code,
        label: country.label,
        count,
        expanded,
        level: 1,
        parentId: null,
      }),
    );
    if (!expanded) continue;
    const children = cities.length + loose.length;
    cities.forEach(({ city, servers }, i) => {
      const cityId = `${id}/${city.code}`;
      const cityOpen = isOpen(cityId, true);
      rows.push({
        kind: 'group',
        id: cityId,
        group: 'city',
        code: city.code,
        label: city.label,
        count: servers.length,
        expanded: cityOpen,
        level: 2,
        setSize: children,
        posInSet: i + 1,
        parentId: id,
      });
      if (cityOpen) pushServers(servers, 'server:', 3, cityId);
    });
    loose.forEach((item, i) =>
      rows.push({
        kind: 'server',
        id: `server:${item.server.key}`,
        item,
        level: 2,
        setSize: children,
        posInSet: cities.length + i + 1,
        parentId: id,
      }),
    );
  }

  let count = 0;
  top.forEach((group, i) => {
    group.setSize = top.length;
    group.posInSet = i + 1;
    if (group.group === 'country') count += group.count;
  });
  return { rows, matched: count };
}
