import { describe, expect, it } from 'vitest';
import { fleetEntries, pickerEntry } from '../test/fleet-fixture';
import { countryNameIn } from './place-names';
import { indexServers, queryTokens } from './server-search';
import { buildTree, groupFleet, RECENT_COUNT, type GroupRow, type SortOrder, type TreeRow } from './server-tree';

const TYO = { code: 'TYO', en: 'Tokyo', zh: '东京' };
const OSA = { code: 'OSA', en: 'Osaka', zh: '大阪' };
const GOT = { code: 'GOT', en: 'Gothenburg', zh: '哥德堡' };
const latency = (ms: number) => ({ ms, method: 'handshake' as const, measuredAt: '2030-01-01T00:00:00Z' });

const small = [
  pickerEntry({ key: 'jp-tyo-2', country: 'JP', city: TYO, latency: latency(90) }),
  pickerEntry({ key: 'jp-tyo-1', country: 'JP', city: TYO }),
  pickerEntry({ key: 'jp-osa-1', country: 'JP', city: OSA, latency: latency(40), favourite: true }),
  pickerEntry({ key: 'se-got-1', country: 'SE', city: GOT, latency: latency(20), lastUsedAt: '2030-01-01T10:00:00Z' }),
  pickerEntry({ key: 'jp-loose', country: 'JP' }),
  pickerEntry({ key: 'mystery', lastUsedAt: '2030-01-01T11:00:00Z' }),
];

function tree(
  entries = small,
  options: { query?: string; sort?: SortOrder; language?: string; toggled?: Set<string> } = {},
) {
  const language = options.language ?? 'en';
  const items = indexServers(entries);
  const sort = options.sort ?? 'name';
  const groups = groupFleet(items, sort, language, (code) => (code ? countryNameIn(code, language) : 'Other'));
  return buildTree({
    groups,
    items,
    tokens: queryTokens(options.query ?? ''),
    sort,
    language,
    toggled: options.toggled ?? new Set(),
  });
}

const outline = (rows: TreeRow[]) =>
  rows.map(
    (r) =>
      `${'  '.repeat(r.level - 1)}${r.kind === 'group' ? `${r.group}:${r.label || r.id}(${r.count})` : r.item.server.key}`,
  );

describe('the server tree', () => {
  it('puts Favourites and Recent first, then countries by name, cities inside, unplaced servers under Other', () => {
    expect(outline(tree().rows)).toEqual([
      'favourites:favourites(1)',
      '  jp-osa-1',
      'recent:recent(2)',
      '  mystery',
      '  se-got-1',
      'country:Japan(4)',
      '  city:Osaka(1)',
      '    jp-osa-1',
      '  city:Tokyo(2)',
      '    jp-tyo-1',
      '    jp-tyo-2',
      '  jp-loose',
      'country:Sweden(1)',
      '  city:Gothenburg(1)',
      '    se-got-1',
      'country:Other(1)',
      '  mystery',
    ]);
  });

  it('names countries and cities in the window language and sorts by those names', () => {
    const labels = tree(small, { language: 'zh-CN' })
      .rows.filter((r): r is GroupRow => r.kind === 'group' && (r.group === 'country' || r.group === 'city'))
      .map((r) => r.label);
    expect(labels).toContain('日本');
    expect(labels).toContain('东京');
    expect(labels).toContain('瑞典');
  });

  it('sorts by latency with the unmeasured last, and groups by their fastest server', () => {
    const rows = outline(tree(small, { sort: 'latency' }).rows);
    expect(rows.indexOf('country:Sweden(1)')).toBeLessThan(rows.indexOf('country:Japan(4)'));
    const japan = rows.slice(rows.indexOf('country:Japan(4)'));
    expect(japan.indexOf('  city:Osaka(1)')).toBeLessThan(japan.indexOf('  city:Tokyo(2)'));
    // 90 ms before "not measured", never the other way round.
    expect(japan.indexOf('    jp-tyo-2')).toBeLessThan(japan.indexOf('    jp-tyo-1'));
  });

  it('while searching shows only matches, every group open, without Favourites and Recent', () => {
    const { rows, matched } = tree(small, { query: '东京' });
    expect(outline(rows)).toEqual(['country:Japan(2)', '  city:Tokyo(2)', '    jp-tyo-1', '    jp-tyo-2']);
    expect(matched).toBe(2);
    expect(tree(small, { query: 'nowhere' }).rows).toEqual([]);
  });

  it('opens and closes groups by their ids and hides the rows inside', () => {
    const closed = tree(small, { toggled: new Set(['country:JP', 'favourites']) });
    const japan = closed.rows.find((r) => r.id === 'country:JP') as GroupRow;
    expect(japan.expanded).toBe(false);
    expect(closed.rows.some((r) => r.id === 'server:jp-tyo-1')).toBe(false);
    expect(closed.rows.some((r) => r.id === 'favourites:jp-osa-1')).toBe(false);
    expect(closed.rows.some((r) => r.id === 'server:se-got-1')).toBe(true);
  });

  it('gives every row its level, position and set size for screen readers', () => {
    const { rows } = tree();
    const top = rows.filter((r) => r.level === 1);
    expect(top.map((r) => [r.posInSet, r.setSize])).toEqual([
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    const japanChildren = rows.filter((r) => r.parentId === 'country:JP');
    expect(japanChildren.map((r) => `${r.posInSet}/${r.setSize}`)).toEqual(['1/3', '2/3', '3/3']);
    const tokyo = rows.filter((r) => r.parentId === 'country:JP/TYO');
    expect(tokyo.every((r) => r.level === 3 && r.setSize === 2)).toBe(true);
  });

  it('folds a large fleet into closed countries, Recent capped', () => {
    const { rows, matched } = tree(fleetEntries(10_000));
    expect(matched).toBe(10_000);
    const recent = rows.filter((r) => r.id.startsWith('recent:'));
    expect(recent).toHaveLength(RECENT_COUNT);
    const countries = rows.filter((r): r is GroupRow => r.kind === 'group' && r.group === 'country');
    expect(countries.every((c) => !c.expanded)).toBe(true);
    expect(countries.at(-1)?.code).toBeNull();
    expect(countries.reduce((n, c) => n + c.count, 0)).toBe(10_000);
  });
});
