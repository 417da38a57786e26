import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../testing/fake-clock';
import { FailoverEngine } from './engine';
import { FailoverMemory } from './memory';
import { InMemoryMemoryStore, JsonFileMemoryStore, loadMemory, parseMemoryData } from './memory-file';
import { defaultFailoverSettings } from './settings';
import { ot, wg, wgc } from './test-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'holdfast-failover-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('failover memory on disk', () => {
  it('round-trips through an owner-only JSON file', async () => {
    const file = path.join(dir, 'state', 'failover-memory.json');
    const store = new JsonFileMemoryStore(file);
    const memory = new FailoverMemory();
    memory.recordSuccess('home', ot('osaka'), 1000, 900);
    memory.recordFailure('home', wgc('tokyo'), 2000);
    await store.save(memory.toJSON(2000));
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const loaded = await loadMemory(store);
    expect(loaded.problems).toEqual([]);
    const again = new FailoverMemory(loaded.data);
    expect(again.coolDown('home', wgc('tokyo'), 2001)).toEqual({ until: 2000 + 120_000, why: 'failed' });
    expect(again.lastSuccess('home', ot('osaka'), 2001)).toEqual({ at: 1000, ms: 900 });
  });

  it('starts empty, naming the file, when the file is not JSON', async () => {
    const file = path.join(dir, 'failover-memory.json');
    await fs.writeFile(file, '{"version": 1, "networks": {');
    const loaded = await loadMemory(new JsonFileMemoryStore(file));
    expect(loaded.data.networks).toEqual({});
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toContain(file);
  });

  it('gives an empty memory without problems when nothing was stored yet', async () => {
    const loaded = await loadMemory(new JsonFileMemoryStore(path.join(dir, 'missing.json')));
    expect(loaded).toEqual({ data: { version: 1, networks: {} }, problems: [] });
  });

  it.each([
    ['an array', []],
    ['a string', 'hello'],
    ['an unknown version', { version: 9, networks: {} }],
    ['no networks', { version: 1 }],
  ])('refuses %s as a whole, with one problem', (_name, raw) => {
    const parsed = parseMemoryData(raw);
    expect(parsed.data.networks).toEqual({});
    expect(parsed.problems).toHaveLength(1);
  });

  it('drops damaged entries and keeps the rest', () => {
    const parsed = parseMemoryData({
      version: 1,
      networks: {
        home: {
          lastSeenAt: 5,
          pairs: {
            'tokyo|wireguard-udp-51820': { failures: 1, lastFailureAt: 1, coolUntil: 99 },
            'osaka|openvpn-tcp-443': { failures: 'many' },
          },
          servers: { paris: { blocks: -1 }, berlin: { blocks: 1, blockedUntil: 50 } },
        },
        office: { lastSeenAt: 'yesterday', pairs: {}, servers: {} },
      },
    });
    expect(Object.keys(parsed.data.networks)).toEqual(['home']);
    expect(Object.keys(parsed.data.networks.home!.pairs)).toEqual(['tokyo|wireguard-udp-51820']);
    expect(Object.keys(parsed.data.networks.home!.servers)).toEqual(['berlin']);
    expect(parsed.problems.join('\n')).toMatch(/networks\.office is damaged[\s\S]*2 damaged entries dropped/);
  });

  it("keeps a network's disguise need through a file, and the pairs of its disguised routes", async () => {
    const store = new JsonFileMemoryStore(path.join(dir, 'failover-memory.json'));
    const memory = new FailoverMemory();
    const disguised = { ...wgc('tokyo'), disguise: { id: 'd-0123456789', kind: 'shadowsocks' as const } };
    memory.recordSuccess('home', disguised, 1000, 700);
    memory.recordDisguiseNeeded('home', disguised, 1000);
    await store.save(memory.toJSON(1000));
    const loaded = await loadMemory(store);
    expect(loaded.problems).toEqual([]);
    const again = new FailoverMemory(loaded.data);
    expect(again.disguiseNeeded('home', 2000)).toEqual({ at: 1000, id: 'd-0123456789', kind: 'shadowsocks' });
    expect(again.lastSuccess('home', disguised, 2000)).toEqual({ at: 1000, ms: 700 });
    expect(again.lastSuccess('home', wgc('tokyo'), 2000)).toBeUndefined();
  });

  it.each([
    ['no id', { at: 1, kind: 'shadowsocks' }],
    ['an empty id', { at: 1, id: '', kind: 'shadowsocks' }],
    ['a negative time', { at: -1, id: 'd-1', kind: 'shadowsocks' }],
    ['a string', 'shadowsocks'],
  ])('drops a damaged disguise need (%s) and keeps the rest of the network', (_name, disguise) => {
    const parsed = parseMemoryData({
      version: 1,
      networks: {
        home: {
          lastSeenAt: 5,
          pairs: { 'tokyo|wireguard-udp-51820': { failures: 1, lastFailureAt: 1, coolUntil: 99 } },
          servers: {},
          disguise,
        },
      },
    });
    expect(parsed.data.networks.home?.disguise).toBeUndefined();
    expect(Object.keys(parsed.data.networks.home?.pairs ?? {})).toEqual(['tokyo|wireguard-udp-51820']);
    expect(parsed.problems).toEqual(['failover memory: 1 damaged entry dropped']);
  });

  it('lets the engine start on a corrupted store and write a good file on the next save', async () => {
    const file = path.join(dir, 'failover-memory.json');
    await fs.writeFile(file, 'not json at all');
    const problems: string[] = [];
    const clock = new FakeClock();
    const settings = defaultFailoverSettings();
    const engine = await FailoverEngine.create({
      clock,
      settings: () => settings,
      store: new JsonFileMemoryStore(file),
      onProblem: (p) => problems.push(p),
    });
    expect(problems).toHaveLength(1);
    engine.setProfiles([wg('t', 'Tokyo 1', 'tokyo.example.net')]);
    engine.networkChanged('home');
    const first = engine.begin('t');
    engine.landed(first!);
    await engine.flush();
    const written = JSON.parse(await fs.readFile(file, 'utf8')) as { networks: Record<string, unknown> };
    expect(Object.keys(written.networks)).toEqual(['home']);
  });

  it('saves once for a burst of changes, after the delay', async () => {
    const clock = new FakeClock();
    const store = new InMemoryMemoryStore();
    const settings = defaultFailoverSettings();
    const engine = await FailoverEngine.create({ clock, settings: () => settings, store, saveDelayMs: 1000 });
    engine.setProfiles([wg('t', 'Tokyo 1', 'tokyo.example.net'), wg('o', 'Osaka 2', 'osaka.example.net')]);
    engine.networkChanged('home');
    engine.landed(engine.begin('t')!);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer' });
    engine.landed(engine.servers().find('o')!);
    expect(store.saves).toBe(0);
    await clock.advance(1000);
    expect(store.saves).toBe(1);
    const reloaded = await FailoverEngine.create({ clock, settings: () => settings, store });
    reloaded.setProfiles([wg('t', 'Tokyo 1', 'tokyo.example.net'), wg('o', 'Osaka 2', 'osaka.example.net')]);
    reloaded.networkChanged('home');
    const tokyo = reloaded.serverStates().find((s) => s.key === 'tokyo.example.net');
    expect(tokyo?.transports[0]?.why).toBe('failed');
  });
});
