import { describe, expect, it } from 'vitest';
import { CatalogKeeper } from './catalog-keeper';
import { defaultFailoverSettings } from './settings';
import { wg } from './test-fixtures';

describe('CatalogKeeper', () => {
  it('rebuilds only for another profile list or other overrides, and a rebuild reads the overrides given', () => {
    const keeper = new CatalogKeeper();
    const overrides = defaultFailoverSettings().servers;
    const profiles = [wg('t', 'Tokyo 1', 'tokyo.example.net')];
    expect(keeper.setProfiles(profiles, overrides)).toBe(true);
    const first = keeper.catalog;
    expect(first.servers.map((s) => s.name)).toEqual(['Tokyo 1']);

    // The same shared list with the same overrides: nothing is regrouped.
    expect(keeper.setProfiles(profiles, overrides)).toBe(false);
    expect(keeper.catalog).toBe(first);

    const renamed = { ...overrides, names: { 'tokyo.example.net': 'Home' } };
    expect(keeper.setProfiles(profiles, renamed)).toBe(true);
    expect(keeper.catalog.servers.map((s) => s.name)).toEqual(['Home']);

    expect(keeper.setProfiles([...profiles, wg('o', 'Osaka 2', 'osaka.example.net')], renamed)).toBe(true);
    expect(keeper.catalog.servers.map((s) => s.name).sort()).toEqual(['Home', 'Osaka 2']);
  });
});
