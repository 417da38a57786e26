import { describe, expect, it } from 'vitest';
import { setup } from './engine-test-setup';
import { FailoverMemory } from './memory';
import { parseMemoryData } from './memory-file';

const HOUR = 3_600_000;

describe('FailoverMemory latency and recent use', () => {
  it('keeps the latest round trip per method per network and shows the freshest', () => {
    const memory = new FailoverMemory();
    memory.recordLatency('home', 'tokyo', 'handshake', 140.6, 1000);
    memory.recordLatency('home', 'tokyo', 'icmp', 90, 2000);
    expect(memory.latency('home', 'tokyo', 3000)).toEqual({ ms: 90, at: 2000, method: 'icmp' });
    memory.recordLatency('home', 'tokyo', 'first-answer', 120, 4000);
    expect(memory.latency('home', 'tokyo', 5000)).toMatchObject({ ms: 120, method: 'first-answer' });
    // Another network knows nothing of it; nothing measured is undefined, never 0.
    expect(memory.latency('cafe', 'tokyo', 5000)).toBeUndefined();
    expect(memory.latency('home', 'osaka', 5000)).toBeUndefined();
  });

  it('forgets latencies after a week and ignores nonsense', () => {
    const memory = new FailoverMemory();
    memory.recordLatency('home', 'tokyo', 'icmp', 50, 0);
    memory.recordLatency('home', 'tokyo', 'tcp', Number.NaN, 0);
    memory.recordLatency('home', 'tokyo', 'tcp', -5, 0);
    expect(memory.latency('home', 'tokyo', 24 * HOUR)).toMatchObject({ method: 'icmp' });
    expect(memory.latency('home', 'tokyo', 8 * 24 * HOUR)).toBeUndefined();
  });

  it('bounds the latency records of a network, dropping the oldest', () => {
    const memory = new FailoverMemory(undefined, { maxLatencyPerNetwork: 3 });
    for (let i = 0; i < 5; i += 1) memory.recordLatency('home', `s${i}`, 'icmp', 10 + i, i * 1000);
    expect(Object.keys(memory.toJSON().networks.home?.latency ?? {}).sort()).toEqual(['s2', 's3', 's4']);
  });

  it('lists recent servers newest first, bounded, across networks, and survives a save and load', () => {
    const memory = new FailoverMemory(undefined, { maxRecent: 2 });
    memory.recordUse('a', 1);
    memory.recordUse('b', 2);
    memory.recordUse('c', 3);
    memory.recordLatency('home', 'c', 'handshake', 33, 3);
    expect(memory.recent()).toEqual([
      { serverKey: 'c', at: 3 },
      { serverKey: 'b', at: 2 },
    ]);
    const reloaded = new FailoverMemory(parseMemoryData(JSON.parse(JSON.stringify(memory.toJSON()))).data);
    expect(reloaded.recent().map((r) => r.serverKey)).toEqual(['c', 'b']);
    expect(reloaded.latency('home', 'c', 4)).toEqual({ ms: 33, at: 3, method: 'handshake' });
    // Forgetting what failover learned keeps the user's recent servers.
    reloaded.forgetAll();
    expect(reloaded.recent()).toHaveLength(2);
  });

  it('drops a damaged latency entry on load and keeps the rest', () => {
    const parsed = parseMemoryData({
      version: 1,
      networks: {
        home: {
          lastSeenAt: 1,
          pairs: {},
          servers: {},
          latency: { ok: { icmp: { ms: 5, at: 1 } }, bad: { icmp: 'x' } },
        },
      },
      recent: { ok: 1 },
    });
    expect(parsed.data.networks.home?.latency).toEqual({ ok: { icmp: { ms: 5, at: 1 } } });
    expect(parsed.data.recent).toEqual({ ok: 1 });
    expect(parsed.problems).toHaveLength(1);
  });
});

describe('FailoverEngine passive latency', () => {
  it('remembers what a landed tunnel showed, for its server on this network, and that it was used', async () => {
    const { engine } = await setup();
    const tokyo = engine.servers().find('tokyo-wg', 0)!;
    engine.landed(tokyo, { ms: 900, timings: { handshakeMs: 80, firstAnswerMs: 42 } });
    const state = engine.serverStates().find((s) => s.key === tokyo.serverKey);
    expect(state?.latency).toMatchObject({ ms: 42, method: 'first-answer' });
    expect(engine.recentServers().map((r) => r.serverKey)).toEqual([tokyo.serverKey]);
    // A race candidate that came up but lost is remembered too, without counting as used.
    const osaka = engine.servers().candidates.find((c) => c.serverKey !== tokyo.serverKey)!;
    engine.recordTimings(osaka.serverKey, { handshakeMs: 120 });
    expect(engine.serverStates().find((s) => s.key === osaka.serverKey)?.latency).toMatchObject({
      ms: 120,
      method: 'handshake',
    });
    expect(engine.recentServers()).toHaveLength(1);
  });
});
