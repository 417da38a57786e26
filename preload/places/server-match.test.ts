import { describe, expect, it } from 'vitest';
import { pickBest, searchServers, serversInPlace, type RankableServer } from './server-match';

const at = (iso: string | null) => iso;

function server(key: string, patch: Partial<RankableServer> = {}): RankableServer {
  return {
    key,
    name: key,
    country: null,
    city: null,
    hosts: [key],
    profiles: [{ id: key.replace(/\W/g, '-'), name: key }],
    preferred: false,
    latency: null,
    state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: null },
    ...patch,
  };
}

const tokyo = server('jp-tyo-wg-001', {
  name: 'Tokyo 1',
  country: 'JP',
  city: { code: 'TYO', en: 'Tokyo', zh: '东京' },
});
const osaka = server('jp-osa-wg-001', { name: 'Osaka', country: 'JP', city: { code: 'OSA', en: 'Osaka', zh: '大阪' } });
const gothenburg = server('se-got-wg-001', {
  name: 'Gothenburg',
  country: 'SE',
  city: { code: 'GOT', en: 'Gothenburg', zh: '哥德堡' },
});
const newYork = server('us-nyc-1', { name: 'NY', country: 'US', city: { code: 'NYC', en: 'New York', zh: '纽约' } });
const other = server('203.0.113.7', { name: 'Office' });
const all = [tokyo, osaka, gothenburg, newYork, other];

const keys = (list: RankableServer[]) => list.map((s) => s.key);

describe('searchServers: one matcher for the window and the CLI', () => {
  it.each([
    ['jp', ['jp-tyo-wg-001', 'jp-osa-wg-001']],
    ['japan', ['jp-tyo-wg-001', 'jp-osa-wg-001']],
    ['日本', ['jp-tyo-wg-001', 'jp-osa-wg-001']],
    ['tokyo', ['jp-tyo-wg-001']],
    ['东京', ['jp-tyo-wg-001']],
    ['TYO', ['jp-tyo-wg-001']],
    ['new york', ['us-nyc-1']],
    ['newyork', ['us-nyc-1']],
    ['纽约', ['us-nyc-1']],
    ['office', ['203.0.113.7']],
    ['203.0.113', ['203.0.113.7']],
    ['swe', ['se-got-wg-001']],
    ['japan osaka', ['jp-osa-wg-001']],
    ['mars', []],
  ])('%s', (query, expected) => {
    expect(keys(searchServers(all, query))).toEqual(expected);
  });

  it('an empty query finds everything', () => {
    expect(searchServers(all, '   ')).toHaveLength(all.length);
  });
});

describe('serversInPlace and pickBest', () => {
  it('finds the servers of a country or a city', () => {
    expect(keys(serversInPlace(all, 'jp')?.servers ?? [])).toEqual(['jp-tyo-wg-001', 'jp-osa-wg-001']);
    expect(keys(serversInPlace(all, '大阪')?.servers ?? [])).toEqual(['jp-osa-wg-001']);
    expect(serversInPlace(all, 'mars')).toBeNull();
  });

  it('prefers the preferred server, then what worked here, then the lowest latency, skipping blocked ones', () => {
    const a = server('a', { latency: { ms: 80 } });
    const b = server('b', { latency: { ms: 20 } });
    const c = server('c', {
      state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: at('2030-01-01T10:00:00Z') },
    });
    const d = server('d', {
      preferred: true,
      state: { blockedUntil: '2030-01-01T12:00:00Z', coolingUntil: null, lastWorkedAt: null },
    });
    expect(pickBest([a, b])).toMatchObject({ server: { key: 'b' }, why: 'lowest-latency' });
    expect(pickBest([a, b, c])).toMatchObject({ server: { key: 'c' }, why: 'worked-here' });
    expect(pickBest([a, b, c, { ...a, key: 'p', preferred: true }])).toMatchObject({
      server: { key: 'p' },
      why: 'preferred',
    });
    // A blocked preferred server is passed over while others can be used.
    expect(pickBest([a, d])).toMatchObject({ server: { key: 'a' }, why: 'lowest-latency' });
    expect(pickBest([a, b, c], 'fastest')).toMatchObject({ server: { key: 'b' }, why: 'lowest-latency' });
    expect(pickBest([server('z'), server('y')])).toMatchObject({ server: { key: 'y' }, why: 'first' });
    expect(pickBest([])).toBeNull();
  });
});
