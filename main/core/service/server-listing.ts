import type { ServerState } from '../connection/failover/engine-types';
import type { ServerCatalog, ServerOverrides } from '../connection/failover/servers';
import type { TransportProto, TunnelProtocol } from '../connection/failover/types';

/** One way onto a server, with what Holdfast learned about it on the current network. */
export interface ServerTransportEntry {
  protocol: TunnelProtocol;
  proto: TransportProto;
  port: number;
  /** "WireGuard", "UDP 1194", "TCP 443": plain English for the CLI; the window builds its own words. */
  label: string;
  /** Cooling down (not tried first) until then, as an ISO time, and why. */
  coolingUntil: string | null;
  why: 'failed' | 'blocked' | 'refused' | null;
  lastWorkedAt: string | null;
}

export interface ServerProfileEntry {
  id: string;
  name: string;
  /** The user put this profile here (`servers.assign`); false: grouped automatically, by its host. */
  assigned: boolean;
}

/** A city from the city table (preload/places/cities.ts), or the user's own name for one (code `user:`...). */
export interface ServerCity {
  /** IATA or provider code, upper case ("TYO", "GOT"); `user:<name>` for a city the table does not know. */
  code: string;
  en: string;
  /** Simplified Chinese; the English name when the table has none. */
  zh: string;
}

/** How a latency was learned: passively from a real connection, or actively on request. */
export type LatencyMethod = 'handshake' | 'first-answer' | 'icmp' | 'tcp';

export interface ServerLatency {
  ms: number;
  method: LatencyMethod;
  /** ISO time: show its age; an old number on another network says little. */
  measuredAt: string;
}

export interface ServerEntry {
  key: string;
  name: string;
  /** The user named it; false: the automatic name. */
  customName: boolean;
  /** What it is called without the user's name (shown as the placeholder while renaming). */
  automaticName: string;
  /** ISO 3166-1 alpha-2, upper case, or null when unknown. */
  country: string | null;
  customCountry: boolean;
  /** Null when neither the user nor the file and host names say. */
  city: ServerCity | null;
  /** The user set country or city by hand (`servers.setPlace`): the guess is not used. */
  customPlace: boolean;
  favourite: boolean;
  /** When the user last connected to it (any network), for "Recent". */
  lastUsedAt: string | null;
  /**
   * Best known round trip on the current network: the freshest of what real connections measured (handshake,
   * first answer through the tunnel) and what `servers.measure` measured (ICMP, TCP). Null: not measured.
   */
  latency: ServerLatency | null;
  hosts: string[];
  transports: ServerTransportEntry[];
  profiles: ServerProfileEntry[];
  preferred: boolean;
  /** On the current network, as far as Holdfast has learned; all null when it knows nothing yet. */
  state: {
    blockedUntil: string | null;
    /** Set only when every transport cools down: the soonest one is usable again then. */
    coolingUntil: string | null;
    lastWorkedAt: string | null;
  };
}

/** What `servers.measure` answers once every requested server was measured or skipped. */
export interface MeasureReport {
  /** Servers that answered (their latency is in the listing now). */
  measured: number;
  /** Servers that did not answer within the timeout (their latency is unchanged, never 0). */
  noAnswer: number;
  /**
   * Not measured: the kill switch would block it, a tunnel is up (the probe would measure the tunnel, so only
   * the current server is measured), or it has no address.
   */
  skipped: number;
  /** Why anything was skipped, for one calm sentence. */
  skippedBecause: 'kill-switch' | 'connected' | 'no-address' | null;
  listing: ServerListing;
}

/** What `servers.best` answers: a server in the place, the profile to connect with, and why this one. */
export interface BestServer {
  server: ServerEntry;
  profileId: string;
  why: 'preferred' | 'worked-here' | 'lowest-latency' | 'first';
}

/** What `servers.list` answers. */
export interface ServerListing {
  /** By name, so a card does not jump when it is renamed to something close or starred. */
  servers: ServerEntry[];
  /** `failover.preferredServer` as stored. */
  preferredServer: string | null;
  /** The stored preferred server is not among the servers (a key set by hand, or its profiles are gone). */
  preferredMissing: boolean;
}

export interface ListingInput {
  states: readonly ServerState[];
  catalog: ServerCatalog;
  /** The same profiles without the user's names: where automatic names come from. */
  automatic: ServerCatalog;
  overrides: Required<ServerOverrides>;
  /** Starred server keys. */
  favourites: readonly string[];
  /** serverKey -> epoch ms of the last connection to it. */
  recent: ReadonlyMap<string, number>;
  preferredServer: string | null;
  profileNames: ReadonlyMap<string, string>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Pure: the engine's per-network states and the user's overrides, as one list for the window and the CLI. */
export function buildListing(input: ListingInput): ServerListing {
  const { overrides, preferredServer } = input;
  const favourites = new Set(input.favourites);
  const assignedProfiles = new Set(Object.keys(overrides.assignments).map((k) => k.replace(/#\d+$/, '')));
  const servers = input.states.map((state): ServerEntry => {
    const transports = state.transports.map((t) => ({
      protocol: t.transport.protocol,
      proto: t.transport.proto,
      port: t.transport.port,
      label: t.label,
      coolingUntil: iso(t.coolingUntil),
      why: t.why,
      lastWorkedAt: iso(t.lastSuccessAt),
    }));
    const cooling = state.transports.map((t) => t.coolingUntil);
    const allCooling = cooling.length > 0 && cooling.every((c) => c !== null);
    const worked = state.transports.map((t) => t.lastSuccessAt ?? 0);
    const lastWorked = Math.max(0, ...worked);
    return {
      key: state.key,
      name: state.name,
      customName: Boolean(overrides.names[state.key]?.trim()),
      automaticName: input.automatic.server(state.key)?.name ?? state.hosts[0] ?? state.key,
      country: state.country,
      customCountry: Boolean(overrides.countries[state.key]),
      city: state.city ? { code: state.city.code, en: state.city.en, zh: state.city.zh } : null,
      customPlace: Boolean(overrides.countries[state.key] || overrides.cities[state.key]),
      favourite: favourites.has(state.key),
      lastUsedAt: iso(input.recent.get(state.key) ?? null),
      latency: state.latency
        ? { ms: state.latency.ms, method: state.latency.method, measuredAt: new Date(state.latency.at).toISOString() }
        : null,
      hosts: [...state.hosts],
      transports,
      profiles: state.profileIds.map((id) => ({
        id,
        name: input.profileNames.get(id) ?? id,
        assigned: assignedProfiles.has(id),
      })),
      preferred: state.key === preferredServer,
      state: {
        blockedUntil: iso(state.blockedUntil),
        coolingUntil: allCooling ? iso(Math.min(...(cooling as number[]))) : null,
        lastWorkedAt: lastWorked > 0 ? iso(lastWorked) : null,
      },
    };
  });
  servers.sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return {
    servers,
    preferredServer,
    preferredMissing: preferredServer !== null && !input.catalog.server(preferredServer),
  };
}
