import { describe, expect, it } from 'vitest';
import { fleetEntries, pickerEntry } from '../test/fleet-fixture';
import {
  filterServers,
  incrementalSearch,
  indexServer,
  indexServers,
  matchesQuery,
  narrows,
  queryTokens,
  weaker,
} from './server-search';

const tokyo = indexServer(
  pickerEntry({
    key: 'jp-tyo-wg-001',
    name: 'jp-tyo-wg-001',
    country: 'JP',
    city: { code: 'TYO', en: 'Tokyo', zh: '东京' },
  }),
);
const gothenburg = indexServer(
  pickerEntry({
    key: 'user:home',
    name: 'Home relay',
    automaticName: 'se-got-wg-002',
    hosts: ['home.example.net'],
    country: 'SE',
    city: { code: 'GOT', en: 'Gothenburg', zh: '哥德堡' },
  }),
);
const seoul = indexServer(
  pickerEntry({ key: 'kr-sel-wg-001', country: 'KR', city: { code: 'SEL', en: 'Seoul', zh: '首尔' } }),
);
const unplaced = indexServer(pickerEntry({ key: 'relay-9.vpn.example', name: 'Mystery box' }));

const find = (query: string) =>
  [tokyo, gothenburg, seoul, unplaced].filter((s) => matchesQuery(s, queryTokens(query))).map((s) => s.server.key);

describe('server search', () => {
  it('finds a country by code, English name and Chinese name', () => {
    expect(find('jp')).toEqual(['jp-tyo-wg-001']);
    expect(find('Japan')).toEqual(['jp-tyo-wg-001']);
    expect(find('日本')).toEqual(['jp-tyo-wg-001']);
    expect(find('瑞典')).toEqual(['user:home']);
  });

  it('finds a city by code, English name and Chinese name, as the user types', () => {
    expect(find('tokyo')).toEqual(['jp-tyo-wg-001']);
    expect(find('tok')).toEqual(['jp-tyo-wg-001']);
    expect(find('东京')).toEqual(['jp-tyo-wg-001']);
    expect(find('东')).toEqual(['jp-tyo-wg-001']);
    expect(find('GOT')).toEqual(['user:home']);
  });

  it('finds a server by its own name and its host', () => {
    expect(find('home relay')).toEqual(['user:home']);
    expect(find('se-got')).toEqual(['user:home']); // its country and city codes
    expect(find('home.example')).toEqual(['user:home']);
    expect(find('mystery')).toEqual(['relay-9.vpn.example']);
    expect(find('vpn.example')).toEqual(['relay-9.vpn.example']);
  });

  it('matches country and city codes that appear in no name', () => {
    // Nothing of "Home relay" or home.example.net says SE or GOT: only its place does.
    expect(find('got')).toEqual(['user:home']);
    expect(find('se')).toEqual(['user:home', 'kr-sel-wg-001']); // Sweden by code, Seoul by name as typed
    expect(find('kr')).toEqual(['kr-sel-wg-001']);
  });

  it('needs every word to match, and ignores case and full-width letters', () => {
    expect(find('japan tokyo')).toEqual(['jp-tyo-wg-001']);
    expect(find('japan osaka')).toEqual([]);
    expect(find('ＪＰ')).toEqual(['jp-tyo-wg-001']);
    expect(find('  ')).toHaveLength(4);
    expect(find('ＴＯＫＹＯ')).toEqual(['jp-tyo-wg-001']);
  });

  it('rates a server by the weakest of its profiles', () => {
    const server = pickerEntry({
      key: 'mixed',
      profiles: [
        { id: 'a', name: 'a', assigned: false },
        { id: 'b', name: 'b', assigned: false },
      ],
    });
    const ratings = new Map([
      ['a', 'strong' as const],
      ['b', 'legacy' as const],
    ]);
    expect(indexServer(server, ratings).rating).toBe('legacy');
    expect(indexServer(server).rating).toBeNull();
    expect(weaker('acceptable', 'strong')).toBe('acceptable');
    expect(weaker(null, 'insecure')).toBe('insecure');
  });

  it('keeps an unmeasured latency unknown instead of zero', () => {
    expect(tokyo.latencyMs).toBeNull();
    const measured = indexServer(
      pickerEntry({ key: 'm', latency: { ms: 0.6, method: 'icmp', measuredAt: '2030-01-01T00:00:00Z' } }),
    );
    expect(measured.latencyMs).toBe(0.6);
  });

  it('indexes a large fleet once with searchable names in both languages', () => {
    const items = indexServers(fleetEntries(2000));
    const tokyoCount = items.filter((s) => s.server.city?.code === 'TYO').length;
    expect(tokyoCount).toBeGreaterThan(0);
    expect(items.filter((s) => matchesQuery(s, queryTokens('东京')))).toHaveLength(tokyoCount);
    expect(items.filter((s) => matchesQuery(s, queryTokens('tokyo')))).toHaveLength(tokyoCount);
  });

  it('answers typing on, deleting and changing words exactly like a fresh search', () => {
    const items = indexServers(fleetEntries(3000));
    const search = incrementalSearch(items);
    const typed = ['t', 'ty', 'tyo', 'ty', 'tyo wg', 'tyo wg-0', 'o', 'os', 'osa', '大', '大阪', 'jp 大阪', ''];
    for (const query of typed) {
      const tokens = queryTokens(query);
      expect(
        search(tokens).map((s) => s.server.key),
        query,
      ).toEqual(filterServers(items, tokens).map((s) => s.server.key));
    }
    expect(narrows(['ty'], ['tyo'])).toBe(true);
    expect(narrows(['tyo'], ['ty'])).toBe(false);
    expect(narrows(['jp', 'tyo'], ['tyo', 'jp-'])).toBe(true);
  });
});
