import type { ServerState } from '../connection/failover/engine-types';
import { ServerCatalog, type CatalogProfile } from '../connection/failover/servers';
import type { ServerSettings } from '../settings/settings-store';
import { buildListing, type ServerExpected, type ServerListing } from './server-listing';

/** What the listing reads from the failover engine at the moment it is built. */
export interface ListingEngine {
  servers(): ServerCatalog;
  serverStates(): ServerState[];
  recentServers(): Array<{ serverKey: string; at: number }>;
}

/**
 * Builds the server list, keeping what a fleet makes expensive between calls: the catalog without the user's
 * names (automatic names) while profiles and overrides stay the same, and each profile's rating.
 */
export class ServerListingCache {
  /** The catalog without the user's names (automatic names), kept while profiles and overrides stay the same. */
  private automatic: {
    all: readonly CatalogProfile[];
    servers: unknown;
    catalog: ServerCatalog;
    byId: ReadonlyMap<string, CatalogProfile>;
    names: ReadonlyMap<string, string>;
  } | null = null;
  /** Rated once per stored profile object (the shared list keeps them until they change). */
  private readonly ratings = new WeakMap<CatalogProfile, ServerExpected | null>();

  /** `expected`: a profile's expected strength (the core rates profiles); absent: servers carry none. */
  constructor(private readonly expected?: (profile: CatalogProfile) => ServerExpected | null) {}

  listing(all: readonly CatalogProfile[], stored: ServerSettings, engine: ListingEngine): ServerListing {
    if (this.automatic?.all !== all || this.automatic.servers !== stored.servers) {
      this.automatic = {
        all,
        servers: stored.servers,
        catalog: ServerCatalog.build(all, { ...stored.servers, names: {} }),
        byId: new Map(all.map((p) => [p.id, p])),
        names: new Map(all.map((p) => [p.id, p.name])),
      };
    }
    const { byId, names } = this.automatic;
    const overrides = {
      names: { ...stored.servers.names },
      countries: { ...stored.servers.countries },
      assignments: { ...stored.servers.assignments },
      cities: { ...stored.servers.cities },
    };
    return buildListing({
      expectedOf: (id) => {
        const profile = byId.get(id);
        return profile ? this.expectedOf(profile) : null;
      },
      favourites: stored.servers.favourites,
      recent: new Map(engine.recentServers().map((r) => [r.serverKey, r.at])),
      states: engine.serverStates(),
      catalog: engine.servers(),
      automatic: this.automatic.catalog,
      overrides,
      preferredServer: stored.preferredServer,
      profileNames: names,
    });
  }

  private expectedOf(profile: CatalogProfile): ServerExpected | null {
    if (!this.expected) return null;
    let rating = this.ratings.get(profile);
    if (rating === undefined) {
      try {
        rating = this.expected(profile);
      } catch {
        rating = null;
      }
      this.ratings.set(profile, rating);
    }
    return rating;
  }
}
