import { describe, expect, it } from 'vitest';
import type { ServerEntry, ServerListing } from '../core/service/server-listing';
import { shellText } from './shell-text';
import { trayModel } from './tray-model';
import { CHINESE_TRAY_SERVER_LABELS, flagOf, serverLabel, serverSection, trayServerItems } from './tray-servers-model';

function entry(key: string, patch: Partial<ServerEntry> = {}): ServerEntry {
  return {
    key,
    name: key,
    customName: false,
    automaticName: key,
    country: null,
    customCountry: false,
    city: null,
    customPlace: false,
    favourite: false,
    lastUsedAt: null,
    latency: null,
    hosts: [key],
    transports: [],
    profiles: [{ id: `${key}-p`, name: key, assigned: false }],
    preferred: false,
    state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: null },
    ...patch,
  };
}

const tokyoCity = { code: 'TYO', en: 'Tokyo', zh: '东京' };
const listing = (servers: ServerEntry[]): ServerListing => ({
  servers,
  preferredServer: null,
  preferredMissing: false,
});
const used = (minute: number) => `2030-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('trayServerItems', () => {
  it('lists up to five favourites and five recent servers (newest first, favourites not twice)', () => {
    const servers = [
      // fav0 was also used last: it stays under Favourites and is not repeated under Recent.
      ...Array.from({ length: 7 }, (_, i) =>
        entry(`fav${i}`, { favourite: true, lastUsedAt: i === 0 ? used(59) : null }),
      ),
      ...Array.from({ length: 7 }, (_, i) => entry(`r${i}`, { lastUsedAt: used(i) })),
    ];
    const items = trayServerItems({ listing: listing(servers), currentServerKey: null, active: false });
    const labels = items.map((i) => i.label);
    expect(labels).toEqual([
      'Favourites',
      'fav0',
      'fav1',
      'fav2',
      'fav3',
      'fav4',
      'Recent',
      'r6',
      'r5',
      'r4',
      'r3',
      'r2',
    ]);
    expect(items[1]).toEqual({ kind: 'server', label: 'fav0', enabled: true, target: { profileId: 'fav0-p' } });
  });

  it('shows flag, name and city, marks the server in use and offers the fastest in its country', () => {
    const tokyo = entry('tokyo', { name: 'Tokyo 1', country: 'JP', city: tokyoCity, favourite: true });
    const osaka = entry('osaka', {
      name: 'Osaka',
      country: 'JP',
      city: { code: 'OSA', en: 'Osaka', zh: '大阪' },
      latency: { ms: 12, method: 'icmp', measuredAt: used(1) },
      lastUsedAt: used(2),
    });
    const jp2 = entry('jp2', {
      name: 'Provider JP 2',
      country: 'JP',
      city: tokyoCity,
      latency: { ms: 40, method: 'icmp', measuredAt: used(1) },
    });
    const items = trayServerItems({ listing: listing([tokyo, osaka, jp2]), currentServerKey: 'tokyo', active: true });
    expect(items).toEqual([
      { kind: 'heading', label: 'Favourites' },
      { kind: 'server', label: '🇯🇵 Tokyo 1 (connected)', enabled: false, target: { profileId: 'tokyo-p' } },
      { kind: 'heading', label: 'Recent' },
      { kind: 'server', label: '🇯🇵 Osaka', enabled: true, target: { profileId: 'osaka-p' } },
      { kind: 'server', label: '🇯🇵 Fastest in Japan', enabled: true, target: { profileId: 'osaka-p' } },
    ]);
    expect(serverLabel(jp2)).toBe('🇯🇵 Provider JP 2 · Tokyo');
  });

  it('speaks Chinese when asked, and offers nothing for a country with a single server', () => {
    const tokyo = entry('tokyo', { name: 'Tokyo 1', country: 'JP', city: tokyoCity, favourite: true });
    const jp2 = entry('jp2', { name: 'JP 2', country: 'JP', city: tokyoCity });
    const zh = trayServerItems({
      listing: listing([tokyo, jp2]),
      currentServerKey: 'tokyo',
      active: false,
      labels: CHINESE_TRAY_SERVER_LABELS,
      zh: true,
    });
    expect(zh.map((i) => i.label)).toEqual(['收藏', '🇯🇵 Tokyo 1 · 东京', '🇯🇵 日本最快的服务器']);
    const alone = trayServerItems({ listing: listing([tokyo]), currentServerKey: 'tokyo', active: true });
    expect(alone.map((i) => i.label)).toEqual(['Favourites', '🇯🇵 Tokyo 1 (connected)']);
  });

  it('has no flag for "Other"', () => {
    expect(flagOf(null)).toBe('');
    expect(flagOf('SE')).toBe('🇸🇪');
  });
});

describe('tray menu with servers', () => {
  it('puts the server items after Connect/Disconnect, headings as plain lines', () => {
    const servers = trayServerItems({
      listing: listing([entry('a', { favourite: true })]),
      currentServerKey: null,
      active: false,
    });
    const model = trayModel(
      { state: 'disconnected', profileName: 'a', hasProfiles: true, servers },
      shellText('en').t,
      [serverSection],
    );
    expect(model.menu.slice(2, 6)).toEqual([
      { kind: 'action', action: 'connect', label: 'Connect to a', enabled: true },
      { kind: 'separator' },
      { kind: 'status', label: 'Favourites' },
      { kind: 'server', label: 'a', enabled: true, target: { profileId: 'a-p' } },
    ]);
  });
});
