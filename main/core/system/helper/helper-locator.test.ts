import { describe, expect, it } from 'vitest';
import { chooseElevation, INSTALLED_HELPER, locateHelperProgram } from './helper-locator';

const files =
  (...present: string[]) =>
  (file: string) =>
    present.includes(file);

describe('locateHelperProgram', () => {
  it('runs the bundled script beside the CLI with the same node', () => {
    const found = locateHelperProgram({
      bundleDir: '/srv/holdfast/out/main',
      execPath: '/usr/bin/node',
      electron: false,
      packaged: false,
      exists: files('/srv/holdfast/out/helper/helper-main.mjs', INSTALLED_HELPER),
    });
    expect(found).toEqual({
      ok: true,
      program: { command: '/usr/bin/node', args: ['/srv/holdfast/out/helper/helper-main.mjs'] },
    });
  });

  it('uses the packaged wrapper (the path the polkit policy allows) in the packaged app', () => {
    const found = locateHelperProgram({
      bundleDir: '/opt/Holdfast/resources/app.asar/out/main',
      execPath: '/opt/Holdfast/holdfast-desktop',
      electron: true,
      packaged: true,
      resourcesPath: '/opt/Holdfast/resources',
      exists: files(INSTALLED_HELPER),
    });
    expect(found).toEqual({ ok: true, program: { command: INSTALLED_HELPER, args: [] } });
  });

  it('asks for Node mode on the command line when a development build runs in Electron', () => {
    const found = locateHelperProgram({
      bundleDir: '/home/dev/holdfast/out/main',
      execPath: '/home/dev/holdfast/node_modules/electron/dist/electron',
      electron: true,
      packaged: false,
      exists: files('/home/dev/holdfast/out/helper/helper-main.mjs'),
    });
    expect(found).toEqual({
      ok: true,
      program: {
        command: '/usr/bin/env',
        args: [
          'ELECTRON_RUN_AS_NODE=1',
          '/home/dev/holdfast/node_modules/electron/dist/electron',
          '/home/dev/holdfast/out/helper/helper-main.mjs',
        ],
      },
    });
  });

  it('names every place it looked when there is no helper', () => {
    const found = locateHelperProgram({
      bundleDir: '/srv/holdfast/out/main',
      execPath: '/usr/bin/node',
      electron: false,
      packaged: false,
      exists: files(),
    });
    expect(found).toEqual({
      ok: false,
      problem: `the helper program was not found (looked for /srv/holdfast/out/helper/helper-main.mjs, ${INSTALLED_HELPER})`,
    });
  });
});

describe('chooseElevation', () => {
  it('prefers pkexec for the app and falls back to sudo', () => {
    expect(
      chooseElevation({ front: 'app', pathEnv: '/usr/bin', exists: files('/usr/bin/pkexec', '/usr/bin/sudo') }),
    ).toBe('pkexec');
    expect(chooseElevation({ front: 'app', pathEnv: '/usr/bin', exists: files('/usr/bin/sudo') })).toBe('sudo');
  });

  it('uses only sudo for the CLI, and finds nothing when neither is installed', () => {
    expect(chooseElevation({ front: 'cli', pathEnv: '', exists: files('/usr/bin/pkexec', '/usr/bin/sudo') })).toBe(
      'sudo',
    );
    expect(chooseElevation({ front: 'cli', pathEnv: '/usr/bin', exists: files('/usr/bin/pkexec') })).toBeUndefined();
  });

  it('ignores relative PATH entries (a directory the user controls is not a place to find sudo)', () => {
    expect(chooseElevation({ front: 'cli', pathEnv: 'bin:.', exists: files('bin/sudo', 'sudo') })).toBeUndefined();
  });
});
