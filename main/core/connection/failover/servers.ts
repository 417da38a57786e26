import type { OpenVpnProfile, WireGuardProfile } from '../../profiles/types';
import { cityByCode, cityInCountry, citiesNamed, type CityInfo } from '../../../../preload/places/places';
import { normalizeCountry } from './countries';
import { guessPlace, type PlaceGuess } from './place-guess';
import {
  candidateKey,
  transportKey,
  transportLabel,
  type Candidate,
  type CandidateView,
  type Transport,
} from './types';

/** The parts of a stored profile the catalog reads; full profiles fit. */
export type CatalogProfile =
  | Pick<WireGuardProfile, 'id' | 'name' | 'kind' | 'sourceFile' | 'peers'>
  | Pick<OpenVpnProfile, 'id' | 'name' | 'kind' | 'sourceFile' | 'remotes'>;

/** What the user (or a provider list) says about servers; every field is optional. */
export interface ServerOverrides {
  /** serverKey -> display name. */
  names?: Record<string, string>;
  /** serverKey -> ISO 3166-1 alpha-2 code. */
  countries?: Record<string, string>;
  /** serverKey -> a city code of the table ("TYO"), or `user:<name>` for a city the table does not know. */
  cities?: Record<string, string>;
  /** profileId, or `profileId#endpointIndex`, -> serverKey: groups endpoints into one server. The specific key wins. */
  assignments?: Record<string, string>;
}

export interface ServerInfo {
  key: string;
  name: string;
  country: string | null;
  city: CityInfo | null;
  hosts: string[];
  profileIds: string[];
  transports: Transport[];
}

/** Trailing words that describe the transport rather than the place ("Tokyo 1 UDP"). */
const TRANSPORT_WORD = /^(udp|tcp|wg|wireguard|openvpn|ovpn)$/i;

/** Case-insensitive, no trailing dot, no IPv6 brackets: "VPN.Example.com." and "vpn.example.com" are one server. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  while (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/**
 * Groups profile endpoints into servers. Profiles that reach the same host are one server with several
 * transports; user assignments regroup, user names rename. Built once per profile change; lookups are maps.
 */
export class ServerCatalog {
  readonly servers: readonly ServerInfo[];
  readonly candidates: readonly Candidate[];
  private readonly byKey: Map<string, ServerInfo>;
  private readonly byProfile: Map<string, Candidate[]>;

  private constructor(servers: ServerInfo[], candidates: Candidate[]) {
    this.servers = servers;
    this.candidates = candidates;
    this.byKey = new Map(servers.map((s) => [s.key, s]));
    this.byProfile = new Map();
    for (const c of candidates) {
      const list = this.byProfile.get(c.profileId) ?? [];
      list.push(c);
      this.byProfile.set(c.profileId, list);
    }
  }

  static empty(): ServerCatalog {
    return new ServerCatalog([], []);
  }

  static build(profiles: readonly CatalogProfile[], overrides: ServerOverrides = {}): ServerCatalog {
    const assignments = overrides.assignments ?? {};
    const candidates: Candidate[] = [];
    const groups = new Map<
      string,
      { hosts: string[]; profileIds: string[]; names: string[]; transports: Transport[]; guesses: PlaceGuess[] }
    >();
    for (const profile of profiles) {
      for (const { endpointIndex, host, transport } of endpointsOf(profile)) {
        const normalized = normalizeHost(host);
        if (!normalized) continue;
        const serverKey =
          assignments[candidateKey({ profileId: profile.id, endpointIndex })] ?? assignments[profile.id] ?? normalized;
        candidates.push({ profileId: profile.id, endpointIndex, serverKey, transport });
        let group = groups.get(serverKey);
        if (!group) {
          group = { hosts: [], profileIds: [], names: [], transports: [], guesses: [] };
          groups.set(serverKey, group);
        }
        if (!group.hosts.includes(normalized)) group.hosts.push(normalized);
        if (!group.profileIds.includes(profile.id)) {
          group.profileIds.push(profile.id);
          group.names.push(profile.name);
        }
        if (!group.transports.some((t) => transportKey(t) === transportKey(transport)))
          group.transports.push(transport);
        group.guesses.push(guessPlace(profile.sourceFile, normalized));
      }
    }
    const servers: ServerInfo[] = [...groups].map(([key, g]) => {
      const place = placeOf(g.guesses, overrides.countries?.[key], overrides.cities?.[key]);
      return {
        key,
        name: overrides.names?.[key]?.trim() || sharedName(g.names) || (g.hosts[0] ?? key),
        country: place.country,
        city: place.city,
        hosts: g.hosts,
        profileIds: g.profileIds,
        transports: g.transports,
      };
    });
    disambiguateNames(servers, overrides.names ?? {});
    return new ServerCatalog(servers, candidates);
  }

  server(key: string): ServerInfo | undefined {
    return this.byKey.get(key);
  }

  candidatesOf(profileId: string): Candidate[] {
    return [...(this.byProfile.get(profileId) ?? [])];
  }

  /** Finds the catalog's candidate for a profile endpoint (e.g. the one the controller is running). */
  find(profileId: string, endpointIndex = 0): Candidate | undefined {
    return this.byProfile.get(profileId)?.find((c) => c.endpointIndex === endpointIndex);
  }

  /** The catalog's current view of a candidate (its server may have been regrouped), keeping its disguise. */
  relink(c: Candidate): Candidate {
    const found = this.find(c.profileId, c.endpointIndex);
    if (!found) return c;
    return c.disguise ? { ...found, disguise: c.disguise } : found;
  }

  view(c: Candidate): CandidateView {
    const server = this.byKey.get(c.serverKey);
    return {
      profileId: c.profileId,
      endpointIndex: c.endpointIndex,
      serverKey: c.serverKey,
      transport: { ...c.transport },
      ...(c.disguise ? { disguise: { ...c.disguise } } : {}),
      serverName: server?.name ?? c.serverKey,
      country: server?.country ?? null,
      transportLabel: transportLabel(c.transport, c.disguise),
    };
  }
}

/** A city the user named that the table does not know is stored as `user:<name>`. */
export const USER_CITY_PREFIX = 'user:';

/** A stored city override as a city: a table code ("TYO"), or the user's own name. */
export function cityFromOverride(value: string | undefined, country: string | null): CityInfo | null {
  if (!value) return null;
  if (value.startsWith(USER_CITY_PREFIX)) {
    const name = value.slice(USER_CITY_PREFIX.length).trim();
    return name ? { code: value, country: country ?? '', en: name, zh: name } : null;
  }
  return (country ? cityInCountry(country, value) : null) ?? cityByCode(value);
}

/**
 * The user's country and city win; a city alone brings its country; a country alone keeps the guessed city
 * only when the guess was in that country. Otherwise the first guess that names a country.
 */
function placeOf(
  guesses: readonly PlaceGuess[],
  countryOverride: string | undefined,
  cityOverride: string | undefined,
): { country: string | null; city: CityInfo | null } {
  const guess = guesses.find((g) => g.country !== null) ?? { country: null, city: null };
  const userCountry = normalizeCountry(countryOverride);
  const userCity = cityFromOverride(cityOverride, userCountry);
  const country = userCountry ?? (userCity?.country || null) ?? guess.country;
  if (userCity) return { country, city: { ...userCity, country: country ?? userCity.country } };
  return { country, city: guess.city && guess.city.country === country ? guess.city : null };
}

/** A city the user typed: a table code or name in that country (or anywhere), else their own name. */
export function cityOverrideFor(text: string, country: string | null): string {
  const trimmed = text.trim();
  const byCode = /^[A-Za-z]{3}$/.test(trimmed)
    ? ((country ? cityInCountry(country, trimmed) : null) ?? cityByCode(trimmed))
    : null;
  if (byCode) return byCode.code;
  const named = citiesNamed(trimmed);
  const match = (country ? named.find((c) => c.country === country) : named[0]) ?? null;
  return match ? match.code : `${USER_CITY_PREFIX}${trimmed}`;
}

function endpointsOf(profile: CatalogProfile): { endpointIndex: number; host: string; transport: Transport }[] {
  if (profile.kind === 'wireguard') {
    // Counted among the peers that have an endpoint, as the driver and the kill switch count them (selectPeers).
    return profile.peers
      .flatMap((peer) => (peer.endpoint ? [peer.endpoint] : []))
      .map((endpoint, endpointIndex) => ({
        endpointIndex,
        host: endpoint.host,
        transport: { protocol: 'wireguard' as const, proto: 'udp' as const, port: endpoint.port },
      }));
  }
  return profile.remotes.map((remote, endpointIndex) => ({
    endpointIndex,
    host: remote.host,
    transport: { protocol: 'openvpn' as const, proto: remote.proto, port: remote.port },
  }));
}

/**
 * One name for several profiles of one server: the words they share at the start ("Tokyo 1 UDP" and
 * "Tokyo 1 TCP 443" -> "Tokyo 1"), without trailing transport words. Falls back to the first name.
 */
export function sharedName(names: readonly string[]): string | undefined {
  const first = names[0];
  if (first === undefined) return undefined;
  if (names.every((n) => n === first)) return first;
  const tokenized = names.map((n) => [...n.matchAll(/[^\s_.-]+/g)]);
  const head = tokenized[0] ?? [];
  let common = 0;
  while (
    common < head.length &&
    tokenized.every((tokens) => tokens[common]?.[0].toLowerCase() === head[common]?.[0].toLowerCase())
  ) {
    common += 1;
  }
  while (common > 0 && TRANSPORT_WORD.test(head[common - 1]?.[0] ?? '')) common -= 1;
  const last = head[common - 1];
  if (!last) return first;
  return first.slice(0, (last.index ?? 0) + last[0].length);
}

/** Several servers named alike (one provider file with many hosts): add the host so they can be told apart. */
function disambiguateNames(servers: ServerInfo[], userNames: Record<string, string>): void {
  const count = new Map<string, number>();
  for (const s of servers) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  for (const s of servers) {
    if ((count.get(s.name) ?? 0) > 1 && !userNames[s.key]?.trim()) s.name = `${s.name} (${s.hosts[0] ?? s.key})`;
  }
}
