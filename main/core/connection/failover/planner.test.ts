import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diversify, planCandidates, type PlanInput } from './planner';
import { DEFAULT_PROTOCOL_ORDER, compileProtocolOrder } from './protocol-order';
import { cand, labels, ot, ou, wgc } from './test-fixtures';
import { candidateKey, type Candidate } from './types';

const COUNTRY: Record<string, string> = { tokyo: 'JP', osaka: 'JP', nagoya: 'JP', paris: 'FR', berlin: 'DE' };

function plan(candidates: Candidate[], extra: Partial<PlanInput> = {}) {
  return planCandidates({
    candidates,
    protocolOrder: DEFAULT_PROTOCOL_ORDER,
    countryOf: (k) => COUNTRY[k] ?? null,
    ...extra,
  });
}

describe('planCandidates ordering', () => {
  const all = [ot('paris'), wgc('paris'), ou('tokyo'), wgc('berlin'), ot('osaka'), wgc('tokyo'), ou('osaka', 53)];

  it.each<[string, Partial<PlanInput>, string[]]>([
    [
      'protocol order, then input order, with no preference',
      {},
      ['paris/wg', 'berlin/wg', 'tokyo/wg', 'tokyo/udp1194', 'osaka/udp53', 'paris/tcp443', 'osaka/tcp443'],
    ],
    [
      'preferred server first, then its country, then the rest',
      { preferredServer: 'tokyo', referenceCountry: 'JP' },
      ['tokyo/wg', 'tokyo/udp1194', 'osaka/udp53', 'osaka/tcp443', 'paris/wg', 'berlin/wg', 'paris/tcp443'],
    ],
    [
      'lowest latency first within a protocol; unknown latency last',
      { latencyMs: (c) => ({ berlin: 20, tokyo: 200, paris: undefined })[c.serverKey] },
      ['berlin/wg', 'tokyo/wg', 'paris/wg', 'tokyo/udp1194', 'osaka/udp53', 'paris/tcp443', 'osaka/tcp443'],
    ],
    [
      'what worked on this network first, most recent first',
      {
        lastSuccessAt: (c) =>
          candidateKey(c) === candidateKey(ot('osaka'))
            ? 2000
            : candidateKey(c) === candidateKey(ou('tokyo'))
              ? 1000
              : undefined,
      },
      ['osaka/tcp443', 'tokyo/udp1194', 'paris/wg', 'berlin/wg', 'tokyo/wg', 'osaka/udp53', 'paris/tcp443'],
    ],
    [
      'success ranks below the preferred tier',
      {
        preferredServer: 'paris',
        lastSuccessAt: (c) => (c.serverKey === 'osaka' && c.transport.proto === 'tcp' ? 5 : undefined),
      },
      ['paris/wg', 'paris/tcp443', 'osaka/tcp443', 'berlin/wg', 'tokyo/wg', 'tokyo/udp1194', 'osaka/udp53'],
    ],
    [
      'a custom protocol order (TCP 443 first, no plain UDP OpenVPN)',
      { protocolOrder: ['openvpn-tcp:443', 'wireguard-udp'] },
      ['paris/tcp443', 'osaka/tcp443', 'paris/wg', 'berlin/wg', 'tokyo/wg'],
    ],
    [
      'pinned candidates before everything, in the given order',
      { pinned: [ou('osaka', 53), ot('osaka')], preferredServer: 'tokyo' },
      ['osaka/udp53', 'osaka/tcp443', 'tokyo/wg', 'tokyo/udp1194', 'paris/wg', 'berlin/wg', 'paris/tcp443'],
    ],
  ])('%s', (_name, extra, expected) => {
    expect(labels(plan(all, extra).ready)).toEqual(expected);
  });

  it('refuses transports the order leaves out and candidates the predicate vetoes, with reasons', () => {
    const result = plan(all, {
      protocolOrder: ['wireguard-udp', 'openvpn-tcp'],
      allowed: (c) => (c.serverKey === 'berlin' ? 'berlin negotiates AES-128; you require 256-bit keys' : true),
    });
    expect(labels(result.ready)).toEqual(['paris/wg', 'tokyo/wg', 'paris/tcp443', 'osaka/tcp443']);
    expect(result.refused.map((r) => [labels([r.candidate])[0], r.why])).toEqual([
      ['tokyo/udp1194', 'protocol-not-allowed'],
      ['berlin/wg', 'not-allowed'],
      ['osaka/udp53', 'protocol-not-allowed'],
    ]);
    expect(result.refused[1]?.reason).toMatch(/256-bit/);
  });

  it('keeps cooling candidates apart, soonest usable first', () => {
    const until: Record<string, number> = { paris: 5000, tokyo: 3000 };
    const result = plan(all, {
      coolDown: (c) => (until[c.serverKey] ? { until: until[c.serverKey]!, why: 'failed' } : null),
    });
    expect(labels(result.ready)).toEqual(['berlin/wg', 'osaka/udp53', 'osaka/tcp443']);
    expect(result.cooling.map((x) => `${labels([x.candidate])[0]}@${x.until}`)).toEqual([
      'tokyo/wg@3000',
      'tokyo/udp1194@3000',
      'paris/wg@5000',
      'paris/tcp443@5000',
    ]);
  });

  it('avoids the candidate that just failed unless nothing else is ready', () => {
    const failed = wgc('tokyo');
    expect(labels(plan([failed, ot('tokyo')], { avoid: (c) => c === failed }).ready)).toEqual(['tokyo/tcp443']);
    expect(labels(plan([failed], { avoid: (c) => c === failed }).ready)).toEqual(['tokyo/wg']);
  });

  it('ranks a transport at the first matching order entry', () => {
    const rank = compileProtocolOrder(['openvpn-tcp:443', 'openvpn-udp', 'openvpn-tcp']);
    expect(rank(ot('x', 443).transport)).toBe(0);
    expect(rank(ot('x', 8443).transport)).toBe(2);
    expect(rank(ou('x').transport)).toBe(1);
    expect(rank(wgc('x').transport)).toBeNull();
  });
});

const candidateArb = fc
  .record({
    server: fc.constantFrom('tokyo', 'osaka', 'paris', 'berlin', 'nagoya'),
    kind: fc.constantFrom('wg', 'udp', 'tcp'),
    port: fc.constantFrom(443, 1194, 51820, 53),
    profile: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ server, kind, port, profile }) =>
    kind === 'wg'
      ? cand(server, 'wireguard', 'udp', port, `p${profile}`)
      : cand(server, 'openvpn', kind as 'udp' | 'tcp', port, `p${profile}`),
  );
const uniqueCandidates = fc.uniqueArray(candidateArb, { selector: candidateKey, maxLength: 30 });

describe('planner properties', () => {
  it('partitions its input: every candidate is ready, cooling or refused, exactly once', () => {
    fc.assert(
      fc.property(uniqueCandidates, fc.func(fc.boolean()), fc.func(fc.boolean()), (cs, cools, vetoes) => {
        const result = plan(cs, {
          coolDown: (c) => (cools(candidateKey(c)) ? { until: 10, why: 'failed' } : null),
          allowed: (c) => (vetoes(candidateKey(c)) ? 'no' : true),
          protocolOrder: ['wireguard-udp', 'openvpn-tcp', 'openvpn-udp'],
        });
        const out = [
          ...result.ready,
          ...result.cooling.map((x) => x.candidate),
          ...result.refused.map((x) => x.candidate),
        ];
        expect(out.map(candidateKey).sort()).toEqual(cs.map(candidateKey).sort());
        for (const c of result.ready) expect(cools(candidateKey(c)) || vetoes(candidateKey(c))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('always puts the preferred server before any other among ready candidates', () => {
    fc.assert(
      fc.property(uniqueCandidates, fc.constantFrom('tokyo', 'osaka', 'paris'), (cs, preferred) => {
        const ready = plan(cs, { preferredServer: preferred, referenceCountry: COUNTRY[preferred] }).ready;
        const firstOther = ready.findIndex((c) => c.serverKey !== preferred);
        const lastPreferred = ready.map((c) => c.serverKey).lastIndexOf(preferred);
        expect(firstOther === -1 || lastPreferred < firstOther).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('diversify', () => {
  it('fills the race window with another server in the preferred protocol, then TCP, keeping the best first', () => {
    const ordered = [ou('tokyo'), ot('tokyo'), wgc('osaka'), wgc('nagoya'), ot('osaka'), wgc('paris')];
    expect(labels(diversify(ordered, 3))).toEqual([
      'tokyo/udp1194',
      'osaka/wg',
      'tokyo/tcp443',
      'nagoya/wg',
      'osaka/tcp443',
      'paris/wg',
    ]);
    // A fourth slot goes to a new server.
    expect(labels(diversify(ordered, 4)).slice(0, 4)).toEqual([
      'tokyo/udp1194',
      'osaka/wg',
      'tokyo/tcp443',
      'nagoya/wg',
    ]);
  });

  it('is a permutation that keeps the head, for any input', () => {
    fc.assert(
      fc.property(uniqueCandidates, fc.integer({ min: 1, max: 6 }), (cs, width) => {
        const out = diversify(cs, width);
        expect(out.map(candidateKey).sort()).toEqual(cs.map(candidateKey).sort());
        if (cs.length > 0) expect(out[0]).toBe(cs[0]);
        // The window reaches another server, and the other of UDP/TCP, whenever the look-ahead offers them.
        const window = out.slice(0, width);
        const offered = cs.slice(0, width * 4);
        const offeredServers = new Set(offered.map((c) => c.serverKey)).size;
        const offeredProtos = new Set(offered.map((c) => c.transport.proto)).size;
        expect(new Set(window.map((c) => c.serverKey)).size).toBeGreaterThanOrEqual(
          Math.min(window.length, offeredServers, 2),
        );
        if (width >= 3) {
          expect(new Set(window.map((c) => c.transport.proto)).size).toBe(Math.min(offeredProtos, 2));
        }
      }),
      { numRuns: 300 },
    );
  });
});
