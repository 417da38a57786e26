import type { Rating } from '../security/strength';
import type { PickerServer } from './picker-entry';
import { countryNameIn, SEARCH_LANGUAGES } from './place-names';

/** A server with everything search and sorting read, worked out once per listing instead of per keystroke. */
export interface IndexedServer {
  server: PickerServer;
  /**
   * Names in both languages, country and city codes, host names and the key, normalised and joined: a query
   * token matches when it is part of it. So a longer token only ever matches fewer servers (see narrows()).
   */
  text: string;
  /** ISO code upper case, or null (the "Other" group). */
  country: string | null;
  latencyMs: number | null;
  /** The weakest rating among the server's profiles, rated before connecting; null when none is known. */
  rating: Rating | null;
}

/** Full-width letters and digits become plain ones and case goes, so `ＪＰ`, `Jp` and `jp` are one query. */
export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The words of a query; every one must match. */
export function queryTokens(query: string): string[] {
  return normalise(query)
    .split(/[\s,]+/)
    .filter((token) => token.length > 0);
}

const RATING_ORDER: readonly Rating[] = ['critical', 'insecure', 'legacy', 'acceptable', 'strong'];

/** The weaker of two ratings (a server is only as strong as the weakest way onto it). */
export function weaker(a: Rating | null, b: Rating | null): Rating | null {
  if (a === null) return b;
  if (b === null) return a;
  return RATING_ORDER.indexOf(a) <= RATING_ORDER.indexOf(b) ? a : b;
}

const SEPARATOR = '\u0001';

export function indexServer(server: PickerServer, ratings: ReadonlyMap<string, Rating> = new Map()): IndexedServer {
  const country = server.country ? server.country.toUpperCase() : null;
  const names = [server.name, server.automaticName, server.key, ...server.hosts];
  if (country) {
    names.push(country);
    for (const language of SEARCH_LANGUAGES) names.push(countryNameIn(country, language));
  }
  if (server.city) {
    names.push(server.city.code);
    names.push(server.city.en, server.city.zh);
  }
  let rating: Rating | null = null;
  for (const profile of server.profiles) rating = weaker(rating, ratings.get(profile.id) ?? null);
  return {
    server,
    // Names often repeat (a file's name is its key and its automatic name): each once keeps the text short.
    text: normalise([...new Set(names)].join(SEPARATOR)),
    country,
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

/** Every token is part of the server's names or codes. No tokens: everything matches. */
export function matchesQuery(item: IndexedServer, tokens: readonly string[]): boolean {
  for (const token of tokens) {
    if (!item.text.includes(token)) return false;
  }
  return true;
}

/**
 * Whether everything `next` matches also matched `previous` (every earlier token lives on inside a new one,
 * as when typing on), so the new matches can be looked for among the old ones only.
 */
export function narrows(previous: readonly string[], next: readonly string[]): boolean {
  return previous.every((p) => next.some((n) => n.includes(p)));
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
