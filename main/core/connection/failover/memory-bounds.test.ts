import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FailoverMemory } from './memory';
import { ot, wgc } from './test-fixtures';

const MIN = 60_000;
const NET = 'home-wifi';

describe('FailoverMemory bounds', () => {
  it('forgets a network on request', () => {
    const memory = new FailoverMemory();
    memory.recordFailure(NET, wgc('tokyo'), 0);
    expect(memory.forgetNetwork(NET)).toBe(true);
    expect(memory.coolDown(NET, wgc('tokyo'), 1)).toBeNull();
    expect(memory.forgetNetwork(NET)).toBe(false);
  });

  it('keeps at most maxNetworks networks, dropping the least recently seen', () => {
    const memory = new FailoverMemory(undefined, { maxNetworks: 3 });
    ['a', 'b', 'c'].forEach((n, i) => memory.recordFailure(n, wgc('x'), i));
    memory.touch('a', 10);
    memory.recordFailure('d', wgc('x'), 11);
    expect(memory.networkKeys().sort()).toEqual(['a', 'c', 'd']);
  });

  it('stays within its size limits and drops what has expired, whatever happens', () => {
    const event = fc.record({
      net: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      server: fc.integer({ min: 0, max: 40 }),
      port: fc.constantFrom(443, 1194, 53),
      ok: fc.boolean(),
      dt: fc.integer({ min: 0, max: 3 * 60 * MIN }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 120 }), (events) => {
        const memory = new FailoverMemory(undefined, {
          maxNetworks: 3,
          maxPairsPerNetwork: 10,
          maxServersPerNetwork: 4,
        });
        let now = 0;
        for (const e of events) {
          now += e.dt;
          const c = ot(`s${e.server}`, e.port);
          if (e.ok) memory.recordSuccess(e.net, c, now);
          else memory.recordFailure(e.net, c, now);
        }
        const data = memory.toJSON(now);
        expect(Object.keys(data.networks).length).toBeLessThanOrEqual(3);
        for (const network of Object.values(data.networks)) {
          expect(Object.keys(network.pairs).length).toBeLessThanOrEqual(10);
          expect(Object.keys(network.servers).length).toBeLessThanOrEqual(4);
        }
        const far = now + 31 * 24 * 60 * MIN;
        expect(Object.values(memory.toJSON(far).networks).every((n) => Object.keys(n.pairs).length === 0)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
