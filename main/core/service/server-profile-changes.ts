import { ServerCatalog, type CatalogProfile } from '../connection/failover/servers';
import type { ServerSettings } from '../settings/settings-store';
import { tidy } from './server-edits';

/**
 * The user's choices about servers follow the profiles they were made for: a profile removed takes its
 * placement with it (and the preference for a server that goes with it), and a re-import that moved a server
 * to another address moves its name, place, star and preference to the new key. Each change is a `needed`
 * check on the stored values and the settings change to make when it is.
 */
export interface ChoicesChange {
  needed(stored: ServerSettings): boolean;
  apply(current: ServerSettings): ServerSettings;
}

/** Which server each profile belongs to now (its first endpoint's). */
export function serverOfProfiles(
  profiles: readonly CatalogProfile[],
  servers: ServerSettings['servers'],
): Map<string, string> {
  const catalog = ServerCatalog.build(profiles, servers);
  const map = new Map<string, string>();
  for (const c of catalog.candidates) if (!map.has(c.profileId)) map.set(c.profileId, c.serverKey);
  return map;
}

/** After `removed` went (`all` are the profiles left): forget where the user had put it, and a vanished preference. */
export function forgetProfile(all: readonly CatalogProfile[], removed: CatalogProfile): ChoicesChange {
  const mine = (k: string) => k === removed.id || k.startsWith(`${removed.id}#`);
  const preferredGoes = (current: ServerSettings, servers: ServerSettings['servers']) =>
    current.preferredServer !== null &&
    ServerCatalog.build([...all, removed], current.servers).server(current.preferredServer) !== undefined &&
    !ServerCatalog.build(all, servers).server(current.preferredServer);
  return {
    needed: (stored) => Object.keys(stored.servers.assignments).some(mine) || preferredGoes(stored, stored.servers),
    apply: (current) => {
      const assignments = Object.fromEntries(Object.entries(current.servers.assignments).filter(([k]) => !mine(k)));
      const servers = tidy({ ...current.servers, assignments });
      return { servers, preferredServer: preferredGoes(current, servers) ? null : current.preferredServer };
    },
  };
}

/**
 * After a re-import (`before` and `after`: each profile's server, `catalog`: the servers now): the keys of
 * servers that moved, old to new, when the old server is gone. The new key keeps anything it has of its own.
 */
export function carryOverMoves(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  catalog: ServerCatalog,
  updatedIds: readonly string[],
): ChoicesChange {
  const moves = new Map<string, string>();
  for (const id of updatedIds) {
    const from = before.get(id);
    const to = after.get(id);
    if (!from || !to || from === to || catalog.server(from) || moves.has(from)) continue;
    moves.set(from, to);
  }
  return {
    needed: (stored) => {
      const s = stored.servers;
      return [...moves.keys()].some(
        (k) =>
          k in s.names || k in s.countries || k in s.cities || s.favourites.includes(k) || stored.preferredServer === k,
      );
    },
    apply: (current) => {
      const move = (record: Record<string, string>) => {
        const next = { ...record };
        for (const [from, to] of moves) {
          const value = next[from];
          if (value === undefined) continue;
          delete next[from];
          next[to] ??= value;
        }
        return next;
      };
      const favourites = current.servers.favourites.map((k) => moves.get(k) ?? k);
      return {
        servers: {
          ...current.servers,
          names: move(current.servers.names),
          countries: move(current.servers.countries),
          cities: move(current.servers.cities),
          favourites: favourites.filter((k, i) => favourites.indexOf(k) === i),
        },
        preferredServer: moves.get(current.preferredServer ?? '') ?? current.preferredServer,
      };
    },
  };
}
