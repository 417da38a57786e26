import type { Rating } from '../security/strength';
import type { PickerServer } from './picker-entry';
import { countryNameIn, SEARCH_LANGUAGES } from './place-names';

/** A server with everything search and sorting read, worked out once per listing instead of per keystroke. */
export interface IndexedServer {
  server: PickerServer;
  /** Names in both languages, host names and the key, normalised and joined: a query token is a substring. */
  text: string;
  /** Country and city codes, normalised: a query token equal to one matches even where no name holds it. */
  codes: readonly string[];
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
  const codes: string[] = [];
  if (country) {
    codes.push(country);
    for (const language of SEARCH_LANGUAGES) names.push(countryNameIn(country, language));
  }
  if (server.city) {
    codes.push(server.city.code);
    names.push(server.city.en, server.city.zh);
  }
  let rating: Rating | null = null;
  for (const profile of server.profiles) rating = weaker(rating, ratings.get(profile.id) ?? null);
  return {
    server,
    text: normalise(names.join(SEPARATOR)),
    codes: codes.map(normalise),
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

/** Every token is a code of the server or part of one of its names. No tokens: everything matches. */
export function matchesQuery(item: IndexedServer, tokens: readonly string[]): boolean {
  for (const token of tokens) {
    if (!item.codes.includes(token) && !item.text.includes(token)) return false;
  }
  return true;
}
