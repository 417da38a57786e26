import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, CommandResults } from '../../../preload/contract';
import { WORLD, setup as setupEngine } from '../connection/failover/engine-test-setup';
import { EventHub, type CoreEvent, type ImportProgressEvent } from '../events';
import { SettingsStore } from '../settings/settings-store';
import { fleetFiles, fleetZip, type FleetFile } from '../testing/fleet-fixture';
import { FakeClock } from '../testing/fake-clock';
import { createHoldfastCore, type HoldfastCore } from './core';
import { LatencyMeter, type MeterNetwork } from './latency-meter';
import { ServerService } from './server-service';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hf-fleet-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Answers ICMP for addresses ending in an even number, after that many ms; odd ones stay silent. */
const evenAnswers: MeterNetwork = {
  resolve: async (host) => host,
  icmp: async (ip) => {
    const last = Number(ip.split('.').pop());
    return last % 2 === 0 ? last + 10 : null;
  },
  tcp: async () => null,
};

async function core(): Promise<{ core: HoldfastCore; events: CoreEvent[] }> {
  const c = await createHoldfastCore({ dataDir: dir, drivers: {}, killSwitch: null, latencyNetwork: evenAnswers });
  const events: CoreEvent[] = [];
  c.events.on((e) => events.push(e));
  return { core: c, events };
}

async function call<C extends CommandName>(c: HoldfastCore, command: C, params: unknown): Promise<CommandResults[C]> {
  const reply = await c.dispatcher.dispatch(command, params);
  if (!reply.ok) throw new Error(`${command}: ${reply.error.message}`);
  return reply.value as CommandResults[C];
}

const zip = (files: readonly FleetFile[]) => ({
  files: [{ name: 'fleet.zip', contentBase64: Buffer.from(fleetZip(files)).toString('base64') }],
});

describe('a fleet through the core', () => {
  it('arrives organised by country and city, and the final progress event says what happened', async () => {
    const { core: c, events } = await core();
    await call(c, 'profiles.import', { ...zip(fleetFiles(30)), jobId: 'first' });
    const done = events.filter((e): e is ImportProgressEvent => e.type === 'import-progress' && e.done);
    expect(done).toEqual([expect.objectContaining({ jobId: 'first', total: 30, imported: 30, cancelled: false })]);
    const listing = await call(c, 'servers.list', {});
    expect(listing.servers).toHaveLength(30);
    // The first file of the fixture is jp-tyo-wg-001.conf, at the first address.
    const tokyo = listing.servers.find((s) => s.hosts[0] === '198.18.0.0');
    expect(tokyo).toMatchObject({ country: 'JP', city: { code: 'TYO', en: 'Tokyo', zh: '东京' }, customPlace: false });
    // WireGuard is rated before connecting, as in profiles.list.
    expect(tokyo?.expected).toEqual({ rating: 'strong', securityBits: 128 });
    expect(listing.servers.every((s) => s.latency === null && s.lastUsedAt === null && !s.favourite)).toBe(true);
  });

  it('keeps places set by hand and favourites through a re-import of an updated bundle', async () => {
    const { core: c, events } = await core();
    const files = fleetFiles(6);
    await call(c, 'profiles.import', zip(files));
    const key = (await call(c, 'servers.list', {})).servers[0]?.key ?? '';
    await call(c, 'servers.setPlace', { key, country: 'se', city: '哥德堡' });
    await call(c, 'servers.favourite', { key, favourite: true });
    // The provider rotates every key; addresses and names stay.
    const rotated = fleetFiles(6).map((f, i) => ({
      name: files[i]?.name ?? f.name,
      text: f.text.replace(/Endpoint = .*/, /Endpoint = .*/.exec(files[i]?.text ?? '')?.[0] ?? ''),
    }));
    const outcomes = await call(c, 'profiles.import', zip(rotated));
    expect(outcomes.every((o) => o.status === 'imported' && o.updated === true)).toBe(true);
    const last = events.filter((e): e is ImportProgressEvent => e.type === 'import-progress').at(-1);
    expect(last).toMatchObject({ done: true, updated: 6, imported: 0, removed: [] });
    const listing = await call(c, 'servers.list', {});
    expect(listing.servers).toHaveLength(6);
    expect(listing.servers.find((s) => s.key === key)).toMatchObject({
      country: 'SE',
      city: { code: 'GOT', en: 'Gothenburg' },
      customPlace: true,
      favourite: true,
    });
  });

  it("moves the user's name, place and star to the new address when a re-import changes a server's IP", async () => {
    const { core: c } = await core();
    const files = fleetFiles(3);
    await call(c, 'profiles.import', zip(files));
    const oldKey = '198.18.0.0';
    await call(c, 'servers.rename', { key: oldKey, name: 'My Tokyo' });
    await call(c, 'servers.setPlace', { key: oldKey, country: 'JP', city: 'Osaka' });
    await call(c, 'servers.favourite', { key: oldKey, favourite: true });
    await call(c, 'servers.prefer', { key: oldKey });
    // The provider moved the first server to a new address (and rotated its key); the file keeps its name.
    const moved = [
      { name: files[0]?.name ?? '', text: fleetFiles(1, { endpointOffset: 9000 })[0]?.text ?? '' },
      ...files.slice(1),
    ];
    await call(c, 'profiles.import', zip(moved));
    const listing = await call(c, 'servers.list', {});
    expect(listing.servers.map((s) => s.key)).not.toContain(oldKey);
    const newKey = listing.servers.find((s) => s.name === 'My Tokyo')?.key;
    expect(newKey).toBe('198.18.35.40');
    expect(listing.servers.find((s) => s.key === newKey)).toMatchObject({
      customName: true,
      city: { code: 'OSA' },
      customPlace: true,
      favourite: true,
      preferred: true,
    });
    expect(listing.preferredMissing).toBe(false);
  });

  it('places a server in a city the table does not know only with its country, and clears back to the guess', async () => {
    const { core: c } = await core();
    await call(c, 'profiles.import', zip(fleetFiles(2)));
    const key = (await call(c, 'servers.list', {})).servers[0]?.key ?? '';
    const refused = await c.dispatcher.dispatch('servers.setPlace', { key, country: null, city: 'Atlantis' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const mine = await call(c, 'servers.setPlace', { key, country: 'GR', city: 'Atlantis' });
    expect(mine.servers.find((s) => s.key === key)?.city).toEqual({
      code: 'user:Atlantis',
      en: 'Atlantis',
      zh: 'Atlantis',
    });
    const back = await call(c, 'servers.setPlace', { key, country: null, city: null });
    expect(back.servers.find((s) => s.key === key)).toMatchObject({ customPlace: false });
    expect(back.servers.find((s) => s.key === key)?.country).not.toBe('GR');
  });

  it('measures on request: answers become latencies with their method, silence stays null, never 0', async () => {
    const { core: c } = await core();
    await call(c, 'profiles.import', zip(fleetFiles(6)));
    const report = await call(c, 'servers.measure', {});
    expect(report).toMatchObject({ measured: 3, noAnswer: 3, skipped: 0, skippedBecause: null });
    for (const s of report.listing.servers) {
      const last = Number(s.hosts[0]?.split('.').pop());
      if (last % 2 === 0) expect(s.latency).toMatchObject({ ms: last + 10, method: 'icmp' });
      else expect(s.latency).toBeNull();
    }
  });

  it('finds the best server in a place typed in either language', async () => {
    const { core: c } = await core();
    await call(c, 'profiles.import', zip(fleetFiles(40)));
    await call(c, 'servers.measure', {});
    const best = await call(c, 'servers.best', { place: '东京' });
    expect(best?.server.city?.code).toBe('TYO');
    expect(best?.profileId).toBe(best?.server.profiles[0]?.id);
    expect(await call(c, 'servers.best', { place: 'Iceland' })).toBeNull();
    expect(await c.dispatcher.dispatch('servers.best', { place: 'Atlantis' })).toMatchObject({ ok: false });
  });

  it('cancels a running import by its job id and keeps nothing', async () => {
    const { core: c, events } = await core();
    c.events.on((e) => {
      if (e.type === 'import-progress' && e.read >= 5 && !e.done)
        void c.dispatcher.dispatch('profiles.cancelImport', { jobId: 'big' });
    });
    const outcomes = await call(c, 'profiles.import', { ...zip(fleetFiles(400)), jobId: 'big' });
    expect(outcomes).toEqual([]);
    expect(events.filter((e) => e.type === 'import-progress').at(-1)).toMatchObject({ done: true, cancelled: true });
    expect(await call(c, 'profiles.list', {})).toEqual([]);
    expect(await call(c, 'profiles.cancelImport', { jobId: 'big' })).toEqual({ cancelled: false });
  });
});

describe('measuring while the kill switch is up', () => {
  it('measures only what the kill switch already allows and says why the rest was skipped', async () => {
    const settings = await SettingsStore.open(dir);
    const world = await setupEngine(WORLD, { settings: () => settings.get().failover });
    const probed: string[] = [];
    const network: MeterNetwork = {
      resolve: async (h) => h,
      icmp: async (ip) => {
        probed.push(ip);
        return 25;
      },
      tcp: async () => null,
    };
    const service = new ServerService({
      engine: world.engine,
      settings,
      events: new EventHub(),
      clock: world.clock,
      profiles: { list: async () => WORLD, get: async () => WORLD[0]! },
      meter: new LatencyMeter(network, new FakeClock(), { spacingMs: 0 }),
      measureGate: async () => ({ blocked: 'kill-switch', allowedHosts: new Set(['tokyo.example.net']) }),
    });
    const report = await service.measure();
    expect(probed).toEqual(['tokyo.example.net']);
    expect(report).toMatchObject({ measured: 1, skippedBecause: 'kill-switch' });
    expect(report.skipped).toBe(report.listing.servers.length - 1);
  });
});
