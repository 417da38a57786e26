import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandName, Envelope } from '../../../preload/contract';
import { WORLD, setup as setupEngine } from '../connection/failover/engine-test-setup';
import type { CatalogProfile } from '../connection/failover/servers';
import { HoldfastError } from '../errors';
import { EventHub, type CoreEvent } from '../events';
import { SettingsStore } from '../settings/settings-store';
import * as atomic from '../storage/atomic-file';
import type * as AtomicFile from '../storage/atomic-file';
import { createHoldfastCore } from './core';
import { Dispatcher } from './dispatcher';
import { createServerHandlers } from './server-handlers';
import type { ServerListing } from './server-listing';
import { ServerService } from './server-service';

// Spy on the atomic writer: every change must go through it (temp file, fsync, rename), never a plain write.
vi.mock('../storage/atomic-file', async (importOriginal) => {
  const real = await importOriginal<typeof AtomicFile>();
  return { ...real, writeJsonFile: vi.fn(real.writeJsonFile) };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hf-servers-'));
  vi.mocked(atomic.writeJsonFile).mockClear();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setup(initial: CatalogProfile[] = WORLD) {
  const settings = await SettingsStore.open(dir);
  const world = await setupEngine(initial, { settings: () => settings.get().failover });
  let profiles = [...initial];
  const events = new EventHub();
  const seen: CoreEvent[] = [];
  events.on((e) => seen.push(e));
  const service = new ServerService({
    engine: world.engine,
    settings,
    events,
    clock: world.clock,
    profiles: {
      list: async () => profiles,
      get: async (id) => {
        const found = profiles.find((p) => p.id === id);
        if (!found) throw new HoldfastError('profile-not-found', `There is no profile "${id}".`, { id });
        return found;
      },
    },
  });
  const dispatcher = new Dispatcher(createServerHandlers(service));
  const send = async (command: CommandName, params: unknown): Promise<Envelope<ServerListing>> =>
    (await dispatcher.dispatch(command, params)) as Envelope<ServerListing>;
  const ok = async (command: CommandName, params: unknown): Promise<ServerListing> => {
    const reply = await send(command, params);
    if (!reply.ok) throw new Error(`${command} failed: ${reply.error.message}`);
    return reply.value;
  };
  const removeProfile = async (id: string) => {
    const removed = profiles.find((p) => p.id === id)!;
    profiles = profiles.filter((p) => p.id !== id);
    return service.profileRemoved(removed);
  };
  const onDisk = async () => JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
  const changes = () => seen.filter((e) => e.type === 'servers-changed').length;
  return { ...world, settings, service, send, ok, removeProfile, onDisk, changes };
}

const server = (listing: ServerListing, key: string) => listing.servers.find((s) => s.key === key);

describe('servers.list', () => {
  it('groups profiles by host, with transports, names, countries and what worked on this network', async () => {
    const { ok, engine, clock } = await setup();
    const tokyoUdp = engine.servers().find('tokyo-ovpn', 0)!;
    const landedAt = new Date(clock.now()).toISOString();
    engine.landed(tokyoUdp);
    await clock.advance(60_000);
    engine.landingFailed(engine.servers().find('paris-wg', 0)!, new HoldfastError('tunnel-failed', 'no answer'));

    const listing = await ok('servers.list', {});
    expect(listing.servers.map((s) => s.name)).toEqual(['Osaka 2', 'Paris', 'Tokyo 1']);
    expect(server(listing, 'tokyo.example.net')).toMatchObject({
      name: 'Tokyo 1',
      customName: false,
      automaticName: 'Tokyo 1',
      country: 'JP',
      hosts: ['tokyo.example.net'],
      profiles: [
        { id: 'tokyo-wg', name: 'Tokyo 1', assigned: false },
        { id: 'tokyo-ovpn', name: 'Tokyo 1 TCP', assigned: false },
      ],
      preferred: false,
      state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: landedAt },
    });
    expect(server(listing, 'tokyo.example.net')?.transports.map((t) => t.label)).toEqual([
      'WireGuard',
      'UDP 1194',
      'TCP 443',
    ]);
    const paris = server(listing, 'paris.example.net');
    expect(paris?.transports[0]).toMatchObject({ label: 'WireGuard', why: 'failed' });
    // Paris has one transport and it cools down: the whole server waits until then.
    expect(paris?.state.coolingUntil).toBe(paris?.transports[0]?.coolingUntil);
    expect(paris?.state.coolingUntil).not.toBeNull();
    expect(listing).toMatchObject({ preferredServer: null, preferredMissing: false });
  });
});

describe('servers.rename', () => {
  it('trims, writes atomically, rebuilds the catalog and tells the windows', async () => {
    const { ok, engine, onDisk, changes } = await setup();
    const listing = await ok('servers.rename', { key: 'tokyo.example.net', name: '  Tokyo home ' });
    expect(server(listing, 'tokyo.example.net')).toMatchObject({
      name: 'Tokyo home',
      customName: true,
      automaticName: 'Tokyo 1',
    });
    expect(engine.servers().server('tokyo.example.net')?.name).toBe('Tokyo home');
    expect((await onDisk()).failover.servers.names).toEqual({ 'tokyo.example.net': 'Tokyo home' });
    expect(atomic.writeJsonFile).toHaveBeenCalledWith(path.join(dir, 'settings.json'), expect.anything());
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(changes()).toBe(1);

    const back = await ok('servers.rename', { key: 'tokyo.example.net', name: null });
    expect(server(back, 'tokyo.example.net')).toMatchObject({ name: 'Tokyo 1', customName: false });
    expect((await onDisk()).failover.servers.names).toEqual({});
  });

  it('refuses a server that no longer exists, and bad names, by field; nothing is written', async () => {
    const { send, changes } = await setup();
    const gone = await send('servers.rename', { key: 'kyoto.example.net', name: 'Kyoto' });
    expect(gone).toMatchObject({
      ok: false,
      error: { code: 'server-not-found', params: { key: 'kyoto.example.net', field: 'key' } },
    });
    expect(!gone.ok && gone.error.message).toMatch(/^key: there is no server "kyoto.example.net"/);
    for (const name of ['   ', 'x'.repeat(101), 'two\nlines']) {
      const reply = await send('servers.rename', { key: 'tokyo.example.net', name });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request', params: { field: 'name' } } });
    }
    expect(atomic.writeJsonFile).not.toHaveBeenCalled();
    expect(changes()).toBe(0);
  });

  it('applies two quick changes one after the other, so neither is lost', async () => {
    const { ok, onDisk } = await setup();
    await Promise.all([
      ok('servers.rename', { key: 'tokyo.example.net', name: 'Tokyo home' }),
      ok('servers.rename', { key: 'osaka.example.net', name: 'Osaka work' }),
    ]);
    expect((await onDisk()).failover.servers.names).toEqual({
      'tokyo.example.net': 'Tokyo home',
      'osaka.example.net': 'Osaka work',
    });
  });

  it('keeps the file and the engine as they were when the write fails', async () => {
    const { send, settings, onDisk, engine } = await setup();
    await send('servers.rename', { key: 'osaka.example.net', name: 'Osaka' });
    vi.mocked(atomic.writeJsonFile).mockRejectedValueOnce(new Error('ENOSPC: no space left on device'));
    const reply = await send('servers.rename', { key: 'tokyo.example.net', name: 'Tokyo home' });
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('ENOSPC') } });
    expect(settings.get().failover.servers.names).toEqual({ 'osaka.example.net': 'Osaka' });
    expect((await onDisk()).failover.servers.names).toEqual({ 'osaka.example.net': 'Osaka' });
    expect(engine.servers().server('tokyo.example.net')?.name).toBe('Tokyo 1');
  });
});

describe('servers.setCountry', () => {
  it('stores an ISO code (uk is GB), refuses what is not one, and guesses again on null', async () => {
    const { ok, send } = await setup();
    expect(
      server(await ok('servers.setCountry', { key: 'paris.example.net', country: 'uk' }), 'paris.example.net'),
    ).toMatchObject({ country: 'GB', customCountry: true });
    const refused = await send('servers.setCountry', { key: 'paris.example.net', country: 'ZZ' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request', params: { field: 'country' } } });
    const tooLong = await send('servers.setCountry', { key: 'paris.example.net', country: 'FRA' });
    expect(tooLong).toMatchObject({ ok: false, error: { params: { field: 'country' } } });
    expect(
      server(await ok('servers.setCountry', { key: 'paris.example.net', country: null }), 'paris.example.net'),
    ).toMatchObject({ country: 'FR', customCountry: false });
  });
});

describe('servers.assign', () => {
  it('moves a profile into another server, into one of its own, and back to automatic', async () => {
    const { ok, send, onDisk } = await setup();
    let listing = await ok('servers.assign', { profileId: 'tokyo-ovpn', serverKey: 'osaka.example.net' });
    // Profiles keep the store's order.
    expect(server(listing, 'osaka.example.net')?.profiles.map((p) => [p.id, p.assigned])).toEqual([
      ['tokyo-ovpn', true],
      ['osaka-wg', false],
      ['osaka-ovpn', false],
    ]);
    expect(server(listing, 'tokyo.example.net')?.transports.map((t) => t.label)).toEqual(['WireGuard']);

    await ok('servers.assign', { profileId: 'tokyo-ovpn', serverKey: 'user:tokyo-tcp' });
    await ok('servers.rename', { key: 'user:tokyo-tcp', name: 'Tokyo over TCP' });
    listing = await ok('servers.list', {});
    expect(server(listing, 'user:tokyo-tcp')).toMatchObject({
      name: 'Tokyo over TCP',
      hosts: ['tokyo.example.net'],
      profiles: [{ id: 'tokyo-ovpn', assigned: true }],
    });
    expect((await onDisk()).failover.servers.assignments).toEqual({ 'tokyo-ovpn': 'user:tokyo-tcp' });

    listing = await ok('servers.assign', { profileId: 'tokyo-ovpn', serverKey: null });
    expect(server(listing, 'user:tokyo-tcp')).toBeUndefined();
    expect(server(listing, 'tokyo.example.net')?.profiles.map((p) => p.id)).toEqual(['tokyo-wg', 'tokyo-ovpn']);
    // The name of a server nobody is in any more goes with it.
    expect((await onDisk()).failover.servers).toMatchObject({ assignments: {}, names: {} });

    const unknown = await send('servers.assign', { profileId: 'tokyo-ovpn', serverKey: 'kyoto.example.net' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'server-not-found', params: { field: 'serverKey' } } });
    const noProfile = await send('servers.assign', { profileId: 'nagoya', serverKey: 'osaka.example.net' });
    expect(noProfile).toMatchObject({ ok: false, error: { code: 'profile-not-found' } });
  });

  it('remembers nothing when a profile is moved to where its host puts it anyway', async () => {
    const { ok, onDisk } = await setup();
    await ok('servers.assign', { profileId: 'tokyo-ovpn', serverKey: 'osaka.example.net' });
    await ok('servers.assign', { profileId: 'tokyo-ovpn', serverKey: 'tokyo.example.net' });
    expect((await onDisk()).failover.servers.assignments).toEqual({});
  });
});

describe('servers.prefer', () => {
  it('sets failover.preferredServer, refuses an unknown key by name, and clears with null', async () => {
    const { ok, send, onDisk } = await setup();
    const listing = await ok('servers.prefer', { key: 'paris.example.net' });
    expect(listing.servers.filter((s) => s.preferred).map((s) => s.key)).toEqual(['paris.example.net']);
    expect((await onDisk()).failover.preferredServer).toBe('paris.example.net');
    const unknown = await send('servers.prefer', { key: 'kyoto.example.net' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'server-not-found', message: expect.stringContaining('"kyoto.example.net"') },
    });
    expect((await ok('servers.prefer', { key: null })).preferredServer).toBeNull();
  });

  it('never leaves the preference pointing at a server that a change or a removal made disappear', async () => {
    const { ok, removeProfile, settings, changes } = await setup();
    await ok('servers.prefer', { key: 'paris.example.net' });
    // Paris's only profile moves into Tokyo: Paris is gone, and so is the preference.
    let listing = await ok('servers.assign', { profileId: 'paris-wg', serverKey: 'tokyo.example.net' });
    expect(listing).toMatchObject({ preferredServer: null, preferredMissing: false });

    await ok('servers.prefer', { key: 'tokyo.example.net' });
    await ok('servers.assign', { profileId: 'tokyo-ovpn', serverKey: 'osaka.example.net' });
    const before = changes();
    expect(await removeProfile('tokyo-ovpn')).toBe(true);
    expect(changes()).toBe(before + 1);
    // Where the removed profile had been put is forgotten; Tokyo still exists (tokyo-wg), so it stays preferred.
    expect(settings.get().failover).toMatchObject({
      preferredServer: 'tokyo.example.net',
      servers: { assignments: { 'paris-wg': 'tokyo.example.net' } },
    });
    await removeProfile('tokyo-wg');
    await removeProfile('paris-wg');
    listing = await ok('servers.list', {});
    expect(listing).toMatchObject({ preferredServer: null, preferredMissing: false });
    expect(await removeProfile('osaka-wg')).toBe(false);
  });

  it('lists a key stored by hand that matches no server as missing, and keeps it', async () => {
    const { ok, settings } = await setup();
    await settings.setKey('failover.preferredServer', 'kyoto.example.net');
    const listing = await ok('servers.list', {});
    expect(listing).toMatchObject({ preferredServer: 'kyoto.example.net', preferredMissing: true });
    expect(listing.servers.some((s) => s.preferred)).toBe(false);
  });
});

describe('through the real core', () => {
  function wireguard(endpoint: string): Buffer {
    const b64 = (s?: string) => Buffer.from(s ?? '', 'base64url').toString('base64');
    const own = generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' }).d;
    const peer = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }).x;
    const lines = ['[Interface]', `PrivateKey = ${b64(own)}`, 'Address = 10.66.0.2/32', '', '[Peer]'];
    return Buffer.from(
      [...lines, `PublicKey = ${b64(peer)}`, 'AllowedIPs = 0.0.0.0/0', `Endpoint = ${endpoint}`, ''].join('\n'),
    );
  }

  it('connects to the preferred server when no profile is chosen, and forgets it when its profile goes', async () => {
    const core = await createHoldfastCore({ dataDir: dir, drivers: {}, killSwitch: null, privileged: true });
    const events: CoreEvent[] = [];
    core.events.on((e) => events.push(e));
    try {
      await core.importSources([
        { name: 'berlin.conf', bytes: wireguard('berlin.example.net:51820') },
        { name: 'oslo.conf', bytes: wireguard('oslo.example.net:51820') },
      ]);
      expect(await core.dispatcher.dispatch('servers.prefer', { key: 'oslo.example.net' })).toMatchObject({ ok: true });
      expect(events.filter((e) => e.type === 'servers-changed')).toHaveLength(1);

      // Without a profile the controller would take the first (berlin); the preferred server wins.
      const started = await core.dispatcher.dispatch('connection.connect', {});
      expect(started).toMatchObject({ ok: true, value: { profileId: 'oslo' } });
      await core.controller.disconnect();
      // A chosen profile always wins over the preference.
      expect(await core.dispatcher.dispatch('connection.connect', { profileId: 'berlin' })).toMatchObject({
        value: { profileId: 'berlin' },
      });
      await core.controller.disconnect();

      expect(await core.dispatcher.dispatch('profiles.remove', { id: 'oslo' })).toMatchObject({ ok: true });
      expect(core.settings.get().failover.preferredServer).toBeNull();
      expect(events.filter((e) => e.type === 'servers-changed')).toHaveLength(2);
      const listing = await core.dispatcher.dispatch('servers.list', {});
      expect(listing).toMatchObject({ ok: true, value: { preferredServer: null, preferredMissing: false } });
    } finally {
      await core.shutdown();
    }
  });
});
