import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../cli/args';
import { adoptLegacyDataDir, defaultDataDir, legacyAppDataDir } from './data-dir';

let home: string;

beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'hf-datadir-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('one data folder', () => {
  it('is the same for the app and the command, whatever the environment says', () => {
    for (const env of [
      {},
      { XDG_CONFIG_HOME: '/x/conf' },
      { XDG_CONFIG_HOME: 'relative' },
      { HOLDFAST_DATA_DIR: '/d' },
    ]) {
      expect(defaultDataDir(env, '/home/a')).toBe(resolveDataDir(undefined, env, '/home/a'));
    }
    expect(defaultDataDir({}, '/home/a')).toBe('/home/a/.config/holdfast');
    expect(legacyAppDataDir({}, '/home/a')).toBe('/home/a/.config/Holdfast');
  });

  it("moves the app's old folder in one rename and leaves a link behind", () => {
    const legacy = legacyAppDataDir({}, home);
    const target = defaultDataDir({}, home);
    mkdirSync(path.join(legacy, 'profiles'), { recursive: true });
    writeFileSync(path.join(legacy, 'profiles', 'tokyo.json'), '{"id":"tokyo"}');
    const result = adoptLegacyDataDir(target, legacy);
    expect(result.dataDir).toBe(target);
    expect(result.note).toMatch(/Moved/);
    expect(readFileSync(path.join(target, 'profiles', 'tokyo.json'), 'utf8')).toBe('{"id":"tokyo"}');
    expect(lstatSync(legacy).isSymbolicLink()).toBe(true);
    expect(readlinkSync(legacy)).toBe(target);
    // Once: the next start has nothing to do.
    expect(adoptLegacyDataDir(target, legacy)).toEqual({ dataDir: target });
  });

  it('adopts into an empty shared folder, but never merges two folders that both hold data', () => {
    const legacy = legacyAppDataDir({}, home);
    const target = defaultDataDir({}, home);
    mkdirSync(legacy, { recursive: true });
    writeFileSync(path.join(legacy, 'settings.json'), 'app');
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, 'settings.json'), 'cli');
    const result = adoptLegacyDataDir(target, legacy);
    expect(result.dataDir).toBe(target);
    expect(result.note).toMatch(/left as it is/);
    expect(readFileSync(path.join(target, 'settings.json'), 'utf8')).toBe('cli');
    expect(readFileSync(path.join(legacy, 'settings.json'), 'utf8')).toBe('app');

    rmSync(path.join(target, 'settings.json'));
    expect(adoptLegacyDataDir(target, legacy).note).toMatch(/Moved/);
    expect(readFileSync(path.join(target, 'settings.json'), 'utf8')).toBe('app');
  });

  it('does nothing without an old folder', () => {
    const target = defaultDataDir({}, home);
    expect(adoptLegacyDataDir(target, legacyAppDataDir({}, home))).toEqual({ dataDir: target });
    expect(existsSync(target)).toBe(false);
  });
});
