import { normalizeCountry } from '../connection/failover/countries';
import { cityOverrideFor, ServerCatalog, type CatalogProfile } from '../connection/failover/servers';
import type { ServerSettings } from '../settings/settings-store';
import { invalid, requireServer, serverNotFound } from './server-errors';

/**
 * Keys of servers the user makes by moving a profile into a server of its own: `user:` and a slug. No host
 * name or address can look like that (host names have no colon; IPv6 addresses have no `u`, `s` or `r`).
 */
export const USER_SERVER_KEY = /^user:[a-z0-9][a-z0-9._-]{0,99}$/;

export const NAME_MAX = 100;

/**
 * One change of the user's choices about servers: sees the stored values and the catalog they make, and
 * returns the new values. The builders below check their input at once and throw before anything is written.
 */
export type ServerEdit = (current: ServerSettings, catalog: ServerCatalog) => ServerSettings;

/** A name of the user's, or null for the automatic one again. */
export function renameEdit(key: string, name: string | null): ServerEdit {
  const trimmed = name?.trim() ?? '';
  if (name !== null && (trimmed.length === 0 || trimmed.length > NAME_MAX)) {
    throw invalid('name', `name must be 1 to ${NAME_MAX} characters, or null for the automatic name`);
  }
  return (current, catalog) => {
    requireServer(catalog, key, 'key');
    const names = withEntry(current.servers.names, key, name === null ? null : trimmed);
    return { ...current, servers: { ...current.servers, names } };
  };
}

/** A two-letter code (ISO 3166-1; "uk" is read as GB), or null to guess from file and host names again. */
export function countryEdit(key: string, country: string | null): ServerEdit {
  const code = countryCode(country);
  return (current, catalog) => {
    requireServer(catalog, key, 'key');
    const countries = withEntry(current.servers.countries, key, code);
    return { ...current, servers: { ...current.servers, countries } };
  };
}

/**
 * Where a server is: the user's country and city (a table code or name, else their own name). A city alone
 * brings its country; both null: guessed again. Stored by server key, so it survives re-import.
 */
export function placeEdit(key: string, country: string | null, city: string | null): ServerEdit {
  const code = countryCode(country);
  const cityValue = city === null ? null : cityOverrideFor(city, code);
  if (cityValue !== null && code === null && cityValue.startsWith('user:')) {
    throw invalid('city', `city: "${city}" is not in the city table; give its country too (e.g. JP "${city}")`);
  }
  return (current, catalog) => {
    requireServer(catalog, key, 'key');
    const countries = withEntry(current.servers.countries, key, code);
    const cities = withEntry(current.servers.cities, key, cityValue);
    return { ...current, servers: { ...current.servers, countries, cities } };
  };
}

/**
 * Moves a profile (all its endpoints) into a server: an existing key, a new `user:NAME` key (a server of its
 * own), or null to group it by its host again.
 */
export function assignEdit(profileId: string, profile: CatalogProfile, serverKey: string | null): ServerEdit {
  const home = ServerCatalog.build([profile]);
  if (home.candidates.length === 0) {
    throw invalid('profileId', `profile "${profileId}" has no server address, so it belongs to no server`);
  }
  return (current, catalog) => {
    if (serverKey !== null && !catalog.server(serverKey) && !USER_SERVER_KEY.test(serverKey)) {
      throw serverNotFound(
        serverKey,
        'serverKey',
        ' Use a key from `holdfast servers`, or user:NAME (lowercase letters, digits, . _ -) for a new server.',
      );
    }
    const assignments = Object.fromEntries(
      Object.entries(current.servers.assignments).filter(([k]) => k !== profileId && !k.startsWith(`${profileId}#`)),
    );
    // Moving a profile back where its host puts it is the automatic grouping: nothing to remember.
    const automatic = home.candidates.every((c) => c.serverKey === serverKey);
    if (serverKey !== null && !automatic) assignments[profileId] = serverKey;
    return { ...current, servers: { ...current.servers, assignments } };
  };
}

/** Stars or unstars a server; favourites keep the order they were starred in. */
export function favouriteEdit(key: string, favourite: boolean): ServerEdit {
  return (current, catalog) => {
    if (favourite) requireServer(catalog, key, 'key');
    const rest = current.servers.favourites.filter((k) => k !== key);
    return { ...current, servers: { ...current.servers, favourites: favourite ? [...rest, key] : rest } };
  };
}

/** Sets `failover.preferredServer`; an unknown key is refused by name. */
export function preferEdit(key: string | null): ServerEdit {
  return (current, catalog) => {
    if (key !== null) requireServer(catalog, key, 'key');
    return { ...current, preferredServer: key };
  };
}

/**
 * What an edit leaves stored: tidied, and without the preference when the edit made the preferred server
 * disappear (a key stored by hand that matched no server before is kept).
 */
export function settleEdit(all: readonly CatalogProfile[], current: ServerSettings, edit: ServerEdit): ServerSettings {
  const before = ServerCatalog.build(all, current.servers);
  const next = edit(current, before);
  const servers = tidy(next.servers);
  const after = ServerCatalog.build(all, servers);
  const preferred = next.preferredServer;
  const vanished = preferred !== null && before.server(preferred) !== undefined && !after.server(preferred);
  return { servers, preferredServer: vanished ? null : preferred };
}

/** Names and countries of `user:` servers nobody is assigned to any more are dropped; host names stay. */
export function tidy(servers: ServerSettings['servers']): ServerSettings['servers'] {
  const used = new Set(Object.values(servers.assignments));
  const keep = (entries: Record<string, string>) =>
    Object.fromEntries(Object.entries(entries).filter(([key]) => !key.startsWith('user:') || used.has(key)));
  return {
    names: keep(servers.names),
    countries: keep(servers.countries),
    cities: keep(servers.cities),
    assignments: { ...servers.assignments },
    favourites: servers.favourites.filter((key) => !key.startsWith('user:') || used.has(key)),
  };
}

/** A copy of one of the per-server records, with `key` set to `value`, or left out when it is null. */
function withEntry(record: Record<string, string>, key: string, value: string | null): Record<string, string> {
  const next = { ...record };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}

function countryCode(country: string | null): string | null {
  const code = country === null ? null : normalizeCountry(country);
  if (country !== null && !code) {
    throw invalid('country', `country: "${country}" is not a two-letter country code (ISO 3166-1, e.g. JP)`);
  }
  return code;
}
