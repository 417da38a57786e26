import { ServerCatalog, type CatalogProfile } from './servers';
import type { FailoverSettings } from './settings';

type Overrides = FailoverSettings['servers'];

/**
 * The server catalog, built from the profiles and the user's server overrides (names, grouping). The same shared
 * list and the same stored overrides make the same catalog: a fleet of 10,000 is not regrouped on every listing.
 */
export class CatalogKeeper {
  private current = ServerCatalog.empty();
  private profiles: readonly CatalogProfile[] = [];
  private lastProfiles: readonly CatalogProfile[] | null = null;
  private lastOverrides: unknown = null;

  get catalog(): ServerCatalog {
    return this.current;
  }

  /** Rebuilds unless both the list and the overrides are the very ones of last time; true when it rebuilt. */
  setProfiles(profiles: readonly CatalogProfile[], overrides: Overrides): boolean {
    if (profiles === this.lastProfiles && overrides === this.lastOverrides) return false;
    this.lastProfiles = profiles;
    this.lastOverrides = overrides;
    this.profiles = [...profiles];
    this.rebuild(overrides);
    return true;
  }

  rebuild(overrides: Overrides): void {
    this.current = ServerCatalog.build(this.profiles, overrides);
  }
}
