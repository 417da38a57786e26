import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from './settings-store';

describe('SettingsStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hf-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts from defaults and persists a change atomically', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.getKey('security.minimumKeyBits')).toBe(0);
    await store.setKey('security.minimumKeyBits', '256');
    const stored = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(stored.security.minimumKeyBits).toBe(256);
    expect((await SettingsStore.open(dir)).getKey('security.minimumKeyBits')).toBe(256);
  });

  it('refuses an out-of-range value with the reason, and keeps the old one', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.setKey('security.minimumKeyBits', '192')).rejects.toMatchObject({
      code: 'settings-invalid',
      message: expect.stringMatching(/^security\.minimumKeyBits: /),
    });
    await expect(store.setKey('failover.raceWidth', '9')).rejects.toThrow(/failover\.raceWidth: .*6/);
    expect(store.getKey('failover.raceWidth')).toBe(3);
  });

  it('reads booleans and lists from the command line', async () => {
    const store = await SettingsStore.open(dir);
    await store.setKey('failover.hotStandby', 'on');
    expect(store.getKey('failover.hotStandby')).toBe(true);
    await store.setKey('failover.protocolOrder', 'openvpn-tcp:443, wireguard-udp');
    expect(store.getKey('failover.protocolOrder')).toEqual(['openvpn-tcp:443', 'wireguard-udp']);
    await store.setKey('failover.protocolOrder', ['wireguard-udp']);
    expect(store.getKey('failover.protocolOrder')).toEqual(['wireguard-udp']);
    await expect(store.setKey('failover.protocolOrder', 'carrier-pigeon')).rejects.toMatchObject({
      code: 'settings-invalid',
    });
  });

  it('names unknown keys and refuses whole sections', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.setKey('failover.nope', '1')).rejects.toThrow(/Unknown setting "failover.nope"/);
    await expect(store.setKey('failover', '{}')).rejects.toThrow(/Unknown setting "failover"/);
  });

  it('edits servers and the preferred server in one validated write, refusing by field', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.setKey('failover.servers', '{}')).rejects.toThrow(/Unknown setting "failover.servers"/);
    await store.updateServers((current) => ({
      servers: { ...current.servers, names: { 'tokyo.example.net': 'Tokyo home' } },
      preferredServer: 'tokyo.example.net',
    }));
    const stored = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(stored.failover).toMatchObject({
      preferredServer: 'tokyo.example.net',
      servers: { names: { 'tokyo.example.net': 'Tokyo home' }, countries: {}, assignments: {} },
    });
    await expect(
      store.updateServers((current) => ({
        ...current,
        servers: { ...current.servers, countries: { 'tokyo.example.net': 'Japan' } },
      })),
    ).rejects.toMatchObject({
      code: 'settings-invalid',
      message: 'failover.servers.countries.tokyo.example.net: a two-letter country code',
    });
    expect(store.get().failover.servers.countries).toEqual({});
  });

  it('applies changes one after another, so quick edits never overwrite each other', async () => {
    const store = await SettingsStore.open(dir);
    await Promise.all([
      store.setKey('failover.raceWidth', 2),
      store.updateServers((c) => ({ ...c, preferredServer: 'paris.example.net' })),
      store.setKey('failover.hotStandby', true),
    ]);
    const reopened = await SettingsStore.open(dir);
    expect(reopened.get().failover).toMatchObject({
      raceWidth: 2,
      preferredServer: 'paris.example.net',
      hotStandby: true,
    });
  });

  it('keeps working on defaults when the file is damaged, and says which file', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{"security": {"minimumKeyBits": "lots"');
    const store = await SettingsStore.open(dir);
    expect(store.loadProblem).toContain(path.join(dir, 'settings.json'));
    expect(store.getKey('security.minimumKeyBits')).toBe(0);
  });
});
