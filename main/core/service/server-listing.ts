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
  preferredServer: string | null;
  profileNames: ReadonlyMap<string, string>;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Pure: the engine's per-network states and the user's overrides, as one list for the window and the CLI. */
export function buildListing(input: ListingInput): ServerListing {
  const { overrides, preferredServer } = input;
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
