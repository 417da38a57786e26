import type { Clock } from '../clock';
import type { ServerState } from '../connection/failover/engine-types';
import { normalizeCountry } from '../connection/failover/countries';
import { cityOverrideFor, ServerCatalog, type CatalogProfile } from '../connection/failover/servers';
import { pickBest, serversInPlace } from '../../../preload/places/server-match';
import type { LatencyMeter, MeasureTarget } from './latency-meter';
import { HoldfastError } from '../errors';
import type { EventHub } from '../events';
import type { ServerSettings, SettingsStore } from '../settings/settings-store';
import { buildListing, type BestServer, type MeasureReport, type ServerListing } from './server-listing';

/** What the server list needs from the failover engine; FailoverEngine fits. */
export interface ServerEngine {
  servers(): ServerCatalog;
  serverStates(): ServerState[];
  setProfiles(profiles: readonly CatalogProfile[]): void;
  preferredStart(): string | null;
  recentServers(): Array<{ serverKey: string; at: number }>;
  recordMeasurement(serverKey: string, method: 'icmp' | 'tcp', ms: number): void;
}

/** Whether the kill switch would block a measurement now, and which hosts it lets through anyway. */
export interface MeasureGate {
  /**
   * Measuring is held back: the kill switch blocks the network, or a tunnel is up (a probe would travel through
   * it and measure the tunnel, not the way to the server).
   */
  blocked: 'kill-switch' | 'connected' | null;
  /** Hosts (as in the catalog) the kill switch allows right now: the current server's. */
  allowedHosts: ReadonlySet<string>;
}

export interface ServerServiceDeps {
  engine: ServerEngine;
  settings: SettingsStore;
  /** The profile store (or anything that lists profiles the way it does). */
  profiles: { list(): Promise<readonly CatalogProfile[]>; get(id: string): Promise<CatalogProfile> };
  events: EventHub;
  clock: Clock;
  /** Active measurement (`servers.measure`); absent: measuring is not offered here. */
  meter?: LatencyMeter;
  measureGate?: () => Promise<MeasureGate>;
}

/**
 * Keys of servers the user makes by moving a profile into a server of its own: `user:` and a slug. No host
 * name or address can look like that (host names have no colon; IPv6 addresses have no `u`, `s` or `r`).
 */
export const USER_SERVER_KEY = /^user:[a-z0-9][a-z0-9._-]{0,99}$/;

export const NAME_MAX = 100;

/**
 * The user's view of servers: list them with their state on this network, rename, set a country, regroup
 * profiles, choose the preferred one. Every change is one atomic settings write; the engine's catalog is
 * rebuilt at once and `servers-changed` tells every window.
 *
 * A preference never silently points at nothing: a change that makes the preferred server disappear (its
 * last profile removed or moved away) clears the preference. A key stored by hand that matches no server
 * is kept, and listed as missing.
 */
export class ServerService {
  /** One measurement pass at a time: a second request waits for the first instead of doubling the probes. */
  private measuring: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ServerServiceDeps) {}

  async list(): Promise<ServerListing> {
    return this.listing(await this.freshProfiles());
  }

  /** A name of the user's, or null for the automatic one again. */
  rename(key: string, name: string | null): Promise<ServerListing> {
    const trimmed = name?.trim() ?? '';
    if (name !== null && (trimmed.length === 0 || trimmed.length > NAME_MAX)) {
      throw invalid('name', `name must be 1 to ${NAME_MAX} characters, or null for the automatic name`);
    }
    return this.change((current, catalog) => {
      requireServer(catalog, key, 'key');
      const names = { ...current.servers.names };
      if (name === null) delete names[key];
      else names[key] = trimmed;
      return { ...current, servers: { ...current.servers, names } };
    });
  }

  /** A two-letter code (ISO 3166-1; "uk" is read as GB), or null to guess from file and host names again. */
  setCountry(key: string, country: string | null): Promise<ServerListing> {
    const code = country === null ? null : normalizeCountry(country);
    if (country !== null && !code) {
      throw invalid('country', `country: "${country}" is not a two-letter country code (ISO 3166-1, e.g. JP)`);
    }
    return this.change((current, catalog) => {
      requireServer(catalog, key, 'key');
      const countries = { ...current.servers.countries };
      if (code === null) delete countries[key];
      else countries[key] = code;
      return { ...current, servers: { ...current.servers, countries } };
    });
  }

  /**
   * Moves a profile (all its endpoints) into a server: an existing key, a new `user:NAME` key (a server of its
   * own), or null to group it by its host again.
   */
  async assign(profileId: string, serverKey: string | null): Promise<ServerListing> {
    const profile = await this.deps.profiles.get(profileId);
    const home = ServerCatalog.build([profile]);
    if (home.candidates.length === 0) {
      throw invalid('profileId', `profile "${profileId}" has no server address, so it belongs to no server`);
    }
    return this.change((current, catalog) => {
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
    });
  }

  /**
   * Where a server is: the user's country and city (a table code or name, else their own name). A city alone
   * brings its country; both null: guessed again. Stored by server key, so it survives re-import.
   */
  setPlace(key: string, country: string | null, city: string | null): Promise<ServerListing> {
    const code = country === null ? null : normalizeCountry(country);
    if (country !== null && !code) {
      throw invalid('country', `country: "${country}" is not a two-letter country code (ISO 3166-1, e.g. JP)`);
    }
    const cityValue = city === null ? null : cityOverrideFor(city, code);
    if (cityValue !== null && code === null && cityValue.startsWith('user:')) {
      throw invalid('city', `city: "${city}" is not in the city table; give its country too (e.g. JP "${city}")`);
    }
    return this.change((current, catalog) => {
      requireServer(catalog, key, 'key');
      const countries = { ...current.servers.countries };
      const cities = { ...current.servers.cities };
      if (code === null) delete countries[key];
      else countries[key] = code;
      if (cityValue === null) delete cities[key];
      else cities[key] = cityValue;
      return { ...current, servers: { ...current.servers, countries, cities } };
    });
  }

  /** Stars or unstars a server; favourites keep the order they were starred in. */
  favourite(key: string, favourite: boolean): Promise<ServerListing> {
    return this.change((current, catalog) => {
      if (favourite) requireServer(catalog, key, 'key');
      const rest = current.servers.favourites.filter((k) => k !== key);
      return { ...current, servers: { ...current.servers, favourites: favourite ? [...rest, key] : rest } };
    });
  }

  /**
   * Measures servers now (all without keys): ICMP, else TCP, a few at a time. While the kill switch blocks
   * the network only servers it already allows are measured; the others are skipped, never let through.
   */
  async measure(keys?: readonly string[]): Promise<MeasureReport> {
    const meter = this.deps.meter;
    if (!meter) {
      throw new HoldfastError('invalid-request', 'Measuring latency is not available here.', { field: 'keys' });
    }
    const all = await this.freshProfiles();
    const catalog = this.deps.engine.servers();
    const wanted = keys ? [...new Set(keys)] : catalog.servers.map((s) => s.key);
    for (const key of wanted) requireServer(catalog, key, 'keys');
    const gate: MeasureGate = (await this.deps.measureGate?.()) ?? { blocked: null, allowedHosts: new Set() };
    const targets: MeasureTarget[] = [];
    let skippedHeldBack = 0;
    let skippedNoAddress = 0;
    for (const key of wanted) {
      const server = catalog.server(key);
      const host = server?.hosts.find((h) => !gate.blocked || gate.allowedHosts.has(h));
      if (!server || server.hosts.length === 0) skippedNoAddress += 1;
      else if (!host) skippedHeldBack += 1;
      else {
        const tcpPorts = server.transports.filter((t) => t.proto === 'tcp').map((t) => t.port);
        targets.push({ key, host, tcpPorts });
      }
    }
    const run = this.measuring.then(async () => {
      let measured = 0;
      let noAnswer = 0;
      let lastEmit = 0;
      await meter.measure(targets, (result) => {
        if (result.latency) {
          measured += 1;
          this.deps.engine.recordMeasurement(result.key, result.latency.method, result.latency.ms);
        } else noAnswer += 1;
        // Lists refresh as results land, at most a few times a second.
        const now = this.deps.clock.now();
        if (now - lastEmit >= 250) {
          lastEmit = now;
          this.emit();
        }
      });
      return { measured, noAnswer };
    });
    this.measuring = run.catch(() => undefined);
    const { measured, noAnswer } = await run;
    this.emit();
    return {
      measured,
      noAnswer,
      skipped: skippedHeldBack + skippedNoAddress,
      skippedBecause: skippedHeldBack > 0 ? gate.blocked : skippedNoAddress > 0 ? 'no-address' : null,
      listing: this.listing(all),
    };
  }

  /** The best server in a place a person typed (see pickBest), with the profile to connect with. */
  async best(placeText: string, order: 'best' | 'fastest' = 'best'): Promise<BestServer | null> {
    const listing = await this.list();
    const found = serversInPlace(listing.servers, placeText);
    if (!found) {
      throw new HoldfastError(
        'invalid-request',
        `place: "${placeText.slice(0, 60)}" is not a country or city Holdfast knows (try a code such as JP, or a name such as Tokyo or 东京)`,
        { field: 'place' },
      );
    }
    const pick = pickBest(found.servers, order);
    const profileId = pick?.server.profiles[0]?.id;
    return pick && profileId ? { server: pick.server, profileId, why: pick.why } : null;
  }

  /** Sets `failover.preferredServer`; an unknown key is refused by name. */
  prefer(key: string | null): Promise<ServerListing> {
    return this.change((current, catalog) => {
      if (key !== null) requireServer(catalog, key, 'key');
      return { ...current, preferredServer: key };
    });
  }

  /**
   * After a profile was removed (`removed` as it was): forget where the user had put it, and clear the
   * preferred server if that server is gone with it. Returns whether anything changed (then
   * `servers-changed` was emitted).
   */
  async profileRemoved(removed: CatalogProfile): Promise<boolean> {
    const all = await this.deps.profiles.list();
    const mine = (k: string) => k === removed.id || k.startsWith(`${removed.id}#`);
    const stored = this.deps.settings.get().failover;
    const preferredGoes = (current: ServerSettings, servers: ServerSettings['servers']) =>
      current.preferredServer !== null &&
      ServerCatalog.build([...all, removed], current.servers).server(current.preferredServer) !== undefined &&
      !ServerCatalog.build(all, servers).server(current.preferredServer);
    if (!Object.keys(stored.servers.assignments).some(mine) && !preferredGoes(stored, stored.servers)) return false;
    await this.deps.settings.updateServers((current) => {
      const assignments = Object.fromEntries(Object.entries(current.servers.assignments).filter(([k]) => !mine(k)));
      const servers = tidy({ ...current.servers, assignments });
      return { servers, preferredServer: preferredGoes(current, servers) ? null : current.preferredServer };
    });
    this.deps.engine.setProfiles(all);
    this.emit();
    return true;
  }

  /** For "connect" without a profile: the best way onto the preferred server, when there is one. */
  preferredStart(): string | null {
    return this.deps.engine.preferredStart();
  }

  // ---- internals -------------------------------------------------------------------------------------

  /** The engine learns about new profiles a moment after they change; the list must not lag behind. */
  private async freshProfiles(): Promise<readonly CatalogProfile[]> {
    const all = await this.deps.profiles.list();
    this.deps.engine.setProfiles(all);
    return all;
  }

  private listing(all: readonly CatalogProfile[]): ServerListing {
    const stored = this.deps.settings.get().failover;
    const overrides = {
      names: { ...stored.servers.names },
      countries: { ...stored.servers.countries },
      assignments: { ...stored.servers.assignments },
      cities: { ...stored.servers.cities },
    };
    return buildListing({
      favourites: stored.servers.favourites,
      recent: new Map(this.deps.engine.recentServers().map((r) => [r.serverKey, r.at])),
      states: this.deps.engine.serverStates(),
      catalog: this.deps.engine.servers(),
      automatic: ServerCatalog.build(all, { ...overrides, names: {} }),
      overrides,
      preferredServer: stored.preferredServer,
      profileNames: new Map(all.map((p) => [p.id, p.name])),
    });
  }

  /**
   * One change: `edit` sees the stored values and the catalog they make (inside the settings store's queue,
   * so two quick changes never start from the same version), the result is tidied, written atomically, the
   * engine rebuilds its catalog, and the windows hear about it.
   */
  private async change(
    edit: (current: ServerSettings, catalog: ServerCatalog) => ServerSettings,
  ): Promise<ServerListing> {
    const all = await this.deps.profiles.list();
    await this.deps.settings.updateServers((current) => {
      const before = ServerCatalog.build(all, current.servers);
      const next = edit(current, before);
      const servers = tidy(next.servers);
      const after = ServerCatalog.build(all, servers);
      const preferred = next.preferredServer;
      const vanished = preferred !== null && before.server(preferred) !== undefined && !after.server(preferred);
      return { servers, preferredServer: vanished ? null : preferred };
    });
    this.deps.engine.setProfiles(all);
    this.emit();
    return this.listing(all);
  }

  private emit(): void {
    this.deps.events.emit({ type: 'servers-changed', at: new Date(this.deps.clock.now()).toISOString() });
  }
}

/** Names and countries of `user:` servers nobody is assigned to any more are dropped; host names stay. */
function tidy(servers: ServerSettings['servers']): ServerSettings['servers'] {
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

function requireServer(catalog: ServerCatalog, key: string, field: string): void {
  if (!catalog.server(key)) throw serverNotFound(key, field, ' Run `holdfast servers` to see the servers.');
}

function serverNotFound(key: string, field: string, hint: string): HoldfastError {
  return new HoldfastError('server-not-found', `${field}: there is no server "${key.slice(0, 255)}".${hint}`, {
    key: key.slice(0, 255),
    field,
  });
}

function invalid(field: string, message: string): HoldfastError {
  return new HoldfastError('invalid-request', message.startsWith(`${field}:`) ? message : `${field}: ${message}`, {
    field,
  });
}
