import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliOnCore } from '../testing-cli';
import { EXIT_OK, EXIT_REFUSED } from '../io';
import { readSettingInput } from './settings-input';

describe('holdfast settings: disguise', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'holdfast-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...argv: string[]) => runCliOnCore(dir, dir, argv);

  const stored = async () => JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).disguise as unknown;

  it('lists both keys at their defaults', async () => {
    const { code, out } = await run('settings', 'get');
    expect(code).toBe(EXIT_OK);
    expect(out).toContain('disguise.mode = "automatic"\n');
    expect(out).toContain('disguise.order = ["shadowsocks","tls","obfs4"]\n');
    expect(JSON.parse((await run('settings', 'get', '--json')).out)).toMatchObject({
      'disguise.mode': 'automatic',
      'disguise.order': ['shadowsocks', 'tls', 'obfs4'],
    });
  });

  it('sets the mode and the order, saved in the settings file and shown afterwards', async () => {
    expect(await run('settings', 'set', 'disguise.mode', 'always')).toEqual({
      code: EXIT_OK,
      out: 'disguise.mode = "always"\n',
      err: '',
    });
    expect((await run('settings', 'set', 'disguise.order', 'TLS, shadowsocks')).out).toBe(
      'disguise.order = ["tls","shadowsocks"]\n',
    );
    expect(await stored()).toEqual({ mode: 'always', order: ['tls', 'shadowsocks'] });
    expect((await run('settings', 'get', 'disguise.order')).out).toBe('["tls","shadowsocks"]\n');
    expect((await run('settings', 'get', 'disguise.mode')).out).toBe('always\n');
    expect((await run('settings', 'get')).out).toContain('disguise.order = ["tls","shadowsocks"]\n');

    await run('settings', 'set', 'disguise.order', '["obfs4"]');
    expect(await stored()).toEqual({ mode: 'always', order: ['obfs4'] });
    await run('settings', 'set', 'disguise.order', 'none');
    expect(await stored()).toEqual({ mode: 'always', order: [] });
  });

  it.each([
    [['disguise.mode', 'sometimes'], 'disguise.mode: "sometimes" is not a mode; use automatic, always or never'],
    [
      ['disguise.order', 'tls,carrier-pigeon'],
      'disguise.order: "carrier-pigeon" is not a disguise; use shadowsocks, tls or obfs4, separated by commas, or none',
    ],
    [['disguise.order', 'tls,obfs4,TLS'], 'disguise.order: tls is listed twice; list each disguise once'],
    [['disguise.order', 'tls,,obfs4'], 'disguise.order: a disguise is missing between two commas'],
    [['disguise.order', '["tls"'], /^disguise\.order: the list is not valid JSON/],
  ])('refuses %j naming the field, exit 2, and keeps the old value', async (argv, message) => {
    await run('settings', 'set', 'disguise.order', 'obfs4,tls');
    const { code, out, err } = await run('settings', 'set', ...argv);
    expect(code).toBe(EXIT_REFUSED);
    expect(out).toBe('');
    expect(err.trimEnd().replace(/^holdfast: /, '')).toMatch(message);
    expect(await stored()).toEqual({ mode: 'automatic', order: ['obfs4', 'tls'] });
  });

  it('passes every other key to the store as typed text', () => {
    expect(readSettingInput('failover.raceWidth', '2')).toBe('2');
    expect(readSettingInput('disguise.mode', ' Never ')).toBe('never');
    expect(readSettingInput('disguise.order', '')).toEqual([]);
  });
});
