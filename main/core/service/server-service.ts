import type { Clock } from '../clock';
import type { ServerState } from '../connection/failover/engine-types';
import { ServerCatalog, type CatalogProfile } from '../connection/failover/servers';
import { pickBest, serversInPlace } from '../../../preload/places/server-match';
import type { LatencyMeter } from './latency-meter';
import { HoldfastError } from '../errors';
import type { EventHub } from '../events';
import type { ServerSettings, SettingsStore } from '../settings/settings-store';
import {
  assignEdit,
  countryEdit,
  favouriteEdit,
  placeEdit,
  preferEdit,
  renameEdit,
  settleEdit,
  type ServerEdit,
} from './server-edits';
import { ServerListingCache } from './server-listing-cache';
import type { BestServer, MeasureReport, ServerExpected, ServerListing } from './server-listing';
import { ServerMeasurement, type MeasureGate } from './server-measurement';
import { carryOverMoves, forgetProfile, serverOfProfiles, type ChoicesChange } from './server-profile-changes';

/** What the server list needs from the failover engine; FailoverEngine fits. */
export interface ServerEngine {
  servers(): ServerCatalog;
  serverStates(): ServerState[];
  setProfiles(profiles: readonly CatalogProfile[]): void;
  preferredStart(): string | null;
  recentServers(): Array<{ serverKey: string; at: number }>;
  recordMeasurement(serverKey: string, method: 'icmp' | 'tcp', ms: number): void;
}

export interface ServerServiceDeps {
  engine: ServerEngine;
  settings: SettingsStore;
  /** The profile store (or anything that lists profiles the way it does). */
  profiles: { list(): Promise<readonly CatalogProfile[]>; get(id: string): Promise<CatalogProfile> };
  events: EventHub;
  clock: Clock;
  /** A profile's expected strength (the core rates profiles); absent: servers carry none. */
  expected?: (profile: CatalogProfile) => ServerExpected | null;
  /** Active measurement (`servers.measure`); absent: measuring is not offered here. */
  meter?: LatencyMeter;
  measureGate?: () => Promise<MeasureGate>;
}

/**
 * The user's view of servers: list them with their state on this network, rename, set a country, regroup
 * profiles, choose the preferred one (server-edits.ts). Every change is one atomic settings write; the
 * engine's catalog is rebuilt at once and `servers-changed` tells every window.
 *
 * A preference never silently points at nothing: a change that makes the preferred server disappear (its
 * last profile removed or moved away) clears the preference. A key stored by hand that matches no server
 * is kept, and listed as missing.
 */
export class ServerService {
  private readonly cache: ServerListingCache;
  private readonly measurement: ServerMeasurement | null;

  constructor(private readonly deps: ServerServiceDeps) {
    this.cache = new ServerListingCache(deps.expected);
    this.measurement = deps.meter
      ? new ServerMeasurement({
          meter: deps.meter,
          clock: deps.clock,
          engine: deps.engine,
          ...(deps.measureGate ? { measureGate: deps.measureGate } : {}),
          changed: () => this.emit(),
        })
      : null;
  }

  async list(): Promise<ServerListing> {
    return this.listing(await this.freshProfiles());
  }

  rename(key: string, name: string | null): Promise<ServerListing> {
    return this.change(renameEdit(key, name));
  }

  setCountry(key: string, country: string | null): Promise<ServerListing> {
    return this.change(countryEdit(key, country));
  }

  async assign(profileId: string, serverKey: string | null): Promise<ServerListing> {
    const profile = await this.deps.profiles.get(profileId);
    return this.change(assignEdit(profileId, profile, serverKey));
  }

  setPlace(key: string, country: string | null, city: string | null): Promise<ServerListing> {
    return this.change(placeEdit(key, country, city));
  }

  favourite(key: string, favourite: boolean): Promise<ServerListing> {
    return this.change(favouriteEdit(key, favourite));
  }

  prefer(key: string | null): Promise<ServerListing> {
    return this.change(preferEdit(key));
  }

  /** Measures servers now (all without keys); see server-measurement.ts. */
  async measure(keys?: readonly string[]): Promise<MeasureReport> {
    if (!this.measurement) {
      throw new HoldfastError('invalid-request', 'Measuring latency is not available here.', { field: 'keys' });
    }
    const all = await this.freshProfiles();
    const report = await this.measurement.measure(keys);
    this.emit();
    return { ...report, listing: this.listing(all) };
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

  /**
   * After a profile was removed (`removed` as it was): forget where the user had put it, and clear the
   * preferred server if that server is gone with it. Returns whether anything changed (then
   * `servers-changed` was emitted).
   */
  async profileRemoved(removed: CatalogProfile): Promise<boolean> {
    const all = await this.deps.profiles.list();
    return this.follow(forgetProfile(all, removed), this.deps.settings.get().failover, async () => all);
  }

  /** Which server each profile belongs to now (its first endpoint's): taken before an import, for `carryOver`. */
  async serverOfProfiles(): Promise<Map<string, string>> {
    return serverOfProfiles(await this.deps.profiles.list(), this.deps.settings.get().failover.servers);
  }

  /**
   * After a re-import changed a server's address (same file, new host or IP): the user's name, place, star
   * and preference move from the old key to the new one, when the old server is gone and the new one has
   * nothing of its own. Returns whether anything moved (then `servers-changed` was emitted).
   */
  async carryOver(before: ReadonlyMap<string, string>, updatedIds: readonly string[]): Promise<boolean> {
    const after = await this.serverOfProfiles();
    const stored = this.deps.settings.get().failover;
    const catalog = ServerCatalog.build(await this.deps.profiles.list(), stored.servers);
    return this.follow(carryOverMoves(before, after, catalog, updatedIds), stored, () => this.deps.profiles.list());
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
    return this.cache.listing(all, this.deps.settings.get().failover, this.deps.engine);
  }

  /**
   * One change: `edit` sees the stored values and the catalog they make (inside the settings store's queue,
   * so two quick changes never start from the same version), the result is tidied, written atomically, the
   * engine rebuilds its catalog, and the windows hear about it.
   */
  private async change(edit: ServerEdit): Promise<ServerListing> {
    const all = await this.deps.profiles.list();
    await this.deps.settings.updateServers((current) => settleEdit(all, current, edit));
    this.deps.engine.setProfiles(all);
    this.emit();
    return this.listing(all);
  }

  /**
   * Applies a change that follows the profiles when the stored choices (`stored`, as read before) need it; then
   * the engine learns the profiles and the windows hear about it, as after `change`.
   */
  private async follow(
    change: ChoicesChange,
    stored: ServerSettings,
    profilesAfter: () => Promise<readonly CatalogProfile[]>,
  ): Promise<boolean> {
    if (!change.needed(stored)) return false;
    await this.deps.settings.updateServers(change.apply);
    this.deps.engine.setProfiles(await profilesAfter());
    this.emit();
    return true;
  }

  private emit(): void {
    this.deps.events.emit({ type: 'servers-changed', at: new Date(this.deps.clock.now()).toISOString() });
  }
}
