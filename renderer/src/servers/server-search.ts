import { matchesQuery as matchesTerms, parseQuery } from '../../../preload/places/server-match';
import type { Rating } from '../security/strength';
import type { PickerServer } from './picker-entry';

/**
 * A server with what sorting and grouping read, worked out once per listing instead of per keystroke.
 * Matching itself is the one `holdfast servers --search` uses too (preload/places/server-match.ts): every
 * word of the query starts a word of the server's names, codes, hosts or profiles (English and the codes),
 * or appears in one of its Chinese names, so the window and the terminal find the same servers.
 */
export interface IndexedServer {
  server: PickerServer;
  /** ISO code upper case, or null (the "Other" group). */
  country: string | null;
  latencyMs: number | null;
  /** The weakest rating among the server's profiles, rated before connecting; null when none is known. */
  rating: Rating | null;
}

/** The words of a query; every one must match. */
export function queryTokens(query: string): string[] {
  return parseQuery(query);
}

const RATING_ORDER: readonly Rating[] = ['critical', 'insecure', 'legacy', 'acceptable', 'strong'];

/** The weaker of two ratings (a server is only as strong as the weakest way onto it). */
export function weaker(a: Rating | null, b: Rating | null): Rating | null {
  if (a === null) return b;
  if (b === null) return a;
  return RATING_ORDER.indexOf(a) <= RATING_ORDER.indexOf(b) ? a : b;
}

export function indexServer(server: PickerServer, ratings: ReadonlyMap<string, Rating> = new Map()): IndexedServer {
  let rating: Rating | null = null;
  for (const profile of server.profiles) rating = weaker(rating, ratings.get(profile.id) ?? null);
  // The matcher builds its word list for a server on first use: now, with the listing, not on a keystroke.
  matchesTerms(server, ['a']);
  return {
    server,
    country: server.country ? server.country.toUpperCase() : null,
    latencyMs: server.latency ? server.latency.ms : null,
    rating,
  };
}

export function indexServers(
  servers: readonly PickerServer[],
  ratings: ReadonlyMap<string, Rating> = new Map(),
): IndexedServer[] {
  return servers.map((server) => indexServer(server, ratings));
}

/** Every query word matches the server. No words: everything matches. */
export function matchesQuery(item: IndexedServer, tokens: readonly string[]): boolean {
  return matchesTerms(item.server, tokens);
}

/**
 * Whether everything `next` matches also matched `previous`: every earlier word lives on as the start of a
 * new one, as when typing on. Then the new matches can be looked for among the old ones only.
 */
export function narrows(previous: readonly string[], next: readonly string[]): boolean {
  return previous.every((p) => next.some((n) => n.startsWith(p)));
}
/** The servers matching `tokens`, looked for among `pool` (every server, or an earlier, wider result). */
export function filterServers(pool: readonly IndexedServer[], tokens: readonly string[]): IndexedServer[] {
  return tokens.length === 0 ? [...pool] : pool.filter((item) => matchesQuery(item, tokens));
}

/**
 * A search over one fleet that remembers its last answer: typing on only narrows, so each keystroke looks
 * among the previous matches instead of every server. Answers are the same as filterServers().
 */
export function incrementalSearch(items: readonly IndexedServer[]): (tokens: readonly string[]) => IndexedServer[] {
  let lastTokens: readonly string[] = [];
  let lastMatched: readonly IndexedServer[] = items;
  return (tokens) => {
    const pool = lastTokens.length > 0 && narrows(lastTokens, tokens) ? lastMatched : items;
    const found = filterServers(pool, tokens);
    lastTokens = tokens;
    lastMatched = found;
    return found;
  };
}
