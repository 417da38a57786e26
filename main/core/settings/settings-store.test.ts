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

  it('keeps working on defaults when the file is damaged, and says which file', async () => {
    await writeFile(path.join(dir, 'settings.json'), '{"security": {"minimumKeyBits": "lots"');
    const store = await SettingsStore.open(dir);
    expect(store.loadProblem).toContain(path.join(dir, 'settings.json'));
    expect(store.getKey('security.minimumKeyBits')).toBe(0);
  });
});
