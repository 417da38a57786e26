import { countryNames, normalizeText, resolvePlace, type Place } from './places';

/**
 * One way to find servers, shared by the window's picker and `holdfast servers --search` / `holdfast connect
 * PLACE`, so both answer alike. Pure and browser-safe. A server is described by the fields it shows: its
 * name, country and city (codes and names in English and Simplified Chinese), hosts and profile names.
 */
export interface MatchableServer {
  key: string;
  name: string;
  country: string | null;
  city: { code: string; en: string; zh: string } | null;
  hosts: readonly string[];
  profiles: ReadonlyArray<{ id: string; name: string }>;
}

const HAN = /\p{Script=Han}/u;

/** Every word a search can start with, and the Chinese text a search can contain. */
interface Haystack {
  words: string[];
  han: string;
}

const haystacks = new WeakMap<MatchableServer, Haystack>();

function haystackOf(server: MatchableServer): Haystack {
  let hay = haystacks.get(server);
  if (hay) return hay;
  const texts: string[] = [server.name, server.key, ...server.hosts];
  for (const p of server.profiles) texts.push(p.name, p.id);
  const han: string[] = [];
  if (server.country) {
    const names = countryNames(server.country);
    texts.push(server.country, names.en);
    han.push(names.zh);
  }
  if (server.city) {
    texts.push(server.city.code.replace(/^user:/, ''), server.city.en);
    han.push(server.city.zh);
  }
  const words = new Set<string>();
  for (const text of texts) {
    if (HAN.test(text)) han.push(text);
    const normalized = normalizeText(text);
    for (const word of normalized.split(' ')) if (word) words.add(word);
    // "new york" typed as one phrase should match too, and so should "newyork".
    if (normalized.includes(' ')) {
      words.add(normalized);
      words.add(normalized.replace(/ /g, ''));
    }
  }
  hay = { words: [...words], han: han.join('\u0001') };
  haystacks.set(server, hay);
  return hay;
}

/** A query as the matcher uses it: lower-case words, Chinese kept whole. */
export function parseQuery(query: string): string[] {
  const terms: string[] = [];
  for (const raw of query.trim().split(/\s+/)) {
    if (!raw) continue;
    if (HAN.test(raw)) terms.push(raw);
    else terms.push(...normalizeText(raw).split(' ').filter(Boolean));
  }
  return terms;
}

/** Every term must start a word of the server (or, in Chinese, appear in a Chinese name). Empty query: all. */
export function matchesQuery(server: MatchableServer, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const hay = haystackOf(server);
  return terms.every((term) =>
    HAN.test(term) ? hay.han.includes(term) : hay.words.some((word) => word.startsWith(term)),
  );
}

/** The servers a search text finds, in the order given. */
export function searchServers<S extends MatchableServer>(servers: readonly S[], query: string): S[] {
  const terms = parseQuery(query);
  return terms.length === 0 ? [...servers] : servers.filter((s) => matchesQuery(s, terms));
}

/** Whether a server is in a place (its country, and its city when the place names one). */
export function inPlace(server: MatchableServer, place: Place): boolean {
  if (server.country !== place.country) return false;
  return place.city === null || server.city?.code === place.city.code;
}

/** Servers in a place a person typed ("se", "東京", "tokyo"), or null when the text names no place. */
export function serversInPlace<S extends MatchableServer>(
  servers: readonly S[],
  text: string,
): { place: Place; servers: S[] } | null {
  const place = resolvePlace(text);
  if (!place) return null;
  return { place, servers: servers.filter((s) => inPlace(s, place)) };
}

/** What ranking needs beyond matching; ServerEntry fits. */
export interface RankableServer extends MatchableServer {
  preferred: boolean;
  latency: { ms: number } | null;
  state: { blockedUntil: string | null; coolingUntil: string | null; lastWorkedAt: string | null };
}

export type BestReason = 'preferred' | 'worked-here' | 'lowest-latency' | 'first';

/**
 * The best of some servers: usable ones (not blocked or cooling down here) before others; among them the
 * preferred server, else the one that worked most recently on this network, else the lowest latency, else the
 * first by name. `fastest` puts the lowest latency first (the tray's "Fastest in ...").
 */
export function pickBest<S extends RankableServer>(
  servers: readonly S[],
  order: 'best' | 'fastest' = 'best',
): { server: S; why: BestReason } | null {
  if (servers.length === 0) return null;
  const usable = servers.filter((s) => !s.state.blockedUntil && !s.state.coolingUntil);
  const pool = usable.length > 0 ? usable : [...servers];
  const fastest = (): S | undefined =>
    pool
      .filter((s) => s.latency !== null)
      .sort((a, b) => (a.latency?.ms ?? 0) - (b.latency?.ms ?? 0) || a.name.localeCompare(b.name))[0];
  if (order === 'fastest') {
    const f = fastest();
    if (f) return { server: f, why: 'lowest-latency' };
  }
  const preferred = pool.find((s) => s.preferred);
  if (preferred) return { server: preferred, why: 'preferred' };
  const worked = pool
    .filter((s) => s.state.lastWorkedAt !== null)
    .sort((a, b) => Date.parse(b.state.lastWorkedAt ?? '') - Date.parse(a.state.lastWorkedAt ?? ''))[0];
  if (worked) return { server: worked, why: 'worked-here' };
  const f = fastest();
  if (f) return { server: f, why: 'lowest-latency' };
  const first = [...pool].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key))[0];
  return first ? { server: first, why: 'first' } : null;
}
