import { describe, expect, it } from 'vitest';
import { parseArgs, resolveDataDir } from './args';

describe('parseArgs', () => {
  it('reads the command, positionals and global flags in any order', () => {
    expect(parseArgs(['--data-dir', '/d', 'import', 'a.conf', 'b.ovpn'])).toEqual({
      ok: true,
      value: {
        command: 'import',
        positionals: ['a.conf', 'b.ovpn'],
        dataDir: '/d',
        json: false,
        credentialsFile: undefined,
      },
    });
    expect(parseArgs(['connect', 'tokyo', '--json', '--data-dir=/x'])).toMatchObject({
      ok: true,
      value: { command: 'connect', positionals: ['tokyo'], dataDir: '/x', json: true },
    });
  });

  it('treats everything after -- as file names', () => {
    expect(parseArgs(['import', '--', '--weird.conf'])).toMatchObject({
      ok: true,
      value: { positionals: ['--weird.conf'] },
    });
  });

  it('shows help without a command or with --help', () => {
    expect(parseArgs([])).toMatchObject({ ok: true, value: { command: 'help' } });
    expect(parseArgs(['connect', '--help'])).toMatchObject({ ok: true, value: { command: 'help' } });
    expect(parseArgs(['-V'])).toMatchObject({ ok: true, value: { command: 'version' } });
  });

  it.each([
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['import'], /at least one file/],
    [['connect', 'a', 'b'], /at most one profile/],
    [['list', 'extra'], /list takes no arguments/],
    [['--data-dir'], /--data-dir needs a value/],
    [['--data-dir='], /--data-dir needs a value/],
    [['status', '--bogus'], /Unknown option --bogus/],
    [['--json=yes', 'list'], /--json takes no value/],
    [['--data-dir', '--json', 'list'], /--data-dir needs a value/],
    [['-x'], /Unknown option -x/],
    [['settings'], /usage: holdfast settings/],
    [['settings', 'set', 'k'], /settings set KEY VALUE/],
    [['settings', 'get', 'a', 'b'], /at most one key/],
    [['servers', 'frob'], /Unknown servers command "frob"/],
    [['servers', 'list', 'x'], /servers list takes no arguments/],
    [['servers', 'rename', 'tokyo'], /servers rename KEY NAME/],
    [['servers', 'rename', 'tokyo', 'Tokyo', '--auto'], /rename KEY --auto/],
    [['servers', 'country', 'tokyo'], /country KEY CODE/],
    [['servers', 'group', 'p1'], /group PROFILE_ID SERVER_KEY/],
    [['servers', 'ungroup'], /ungroup PROFILE_ID/],
    [['servers', 'prefer'], /prefer KEY \(or none\)/],
    [['servers', 'prefer', 'a', '--auto'], /--auto is only for servers rename/],
    [['list', '--auto'], /--auto is only for servers rename/],
  ])('refuses %j with a clear message', (argv, message) => {
    const result = parseArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('parseArgs: servers', () => {
  it('reads the verbs, several-word names and --auto', () => {
    expect(parseArgs(['servers'])).toMatchObject({ ok: true, value: { command: 'servers', positionals: [] } });
    expect(parseArgs(['servers', '--json'])).toMatchObject({ ok: true, value: { json: true } });
    expect(parseArgs(['servers', 'rename', 'tokyo.example.net', 'Tokyo', 'home'])).toMatchObject({
      ok: true,
      value: { positionals: ['rename', 'tokyo.example.net', 'Tokyo', 'home'] },
    });
    const auto = parseArgs(['servers', 'rename', 'tokyo.example.net', '--auto']);
    expect(auto).toMatchObject({ ok: true, value: { auto: true, positionals: ['rename', 'tokyo.example.net'] } });
    expect(parseArgs(['servers', 'country', 'k', '--auto'])).toMatchObject({ ok: true, value: { auto: true } });
    expect(parseArgs(['servers', 'group', 'p1', 'user:home'])).toMatchObject({ ok: true });
    expect(parseArgs(['servers', 'ungroup', 'p1'])).toMatchObject({ ok: true });
    expect(parseArgs(['servers', 'prefer', 'none'])).toMatchObject({ ok: true });
    // Without --auto there is no `auto` at all, so other commands parse exactly as before.
    const plain = parseArgs(['servers']);
    expect(plain.ok && 'auto' in plain.value).toBe(false);
  });
});

describe('resolveDataDir', () => {
  it('prefers the flag, then HOLDFAST_DATA_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(resolveDataDir('/flag', { HOLDFAST_DATA_DIR: '/env' }, '/home/u')).toBe('/flag');
    expect(resolveDataDir(undefined, { HOLDFAST_DATA_DIR: '/env', XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toBe('/env');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' }, '/home/u')).toBe('/xdg/holdfast');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: 'relative' }, '/home/u')).toBe('/home/u/.config/holdfast');
    expect(resolveDataDir(undefined, {}, '/home/u')).toBe('/home/u/.config/holdfast');
  });
});
