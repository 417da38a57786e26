import { describe, expect, it } from 'vitest';
import { choosePrivilegedBackend, CLI_NEEDS_ADMIN } from './privileged-backend-choice';

describe('choosePrivilegedBackend', () => {
  it('runs everything in-process as root, on any system, with nothing to explain', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      expect(choosePrivilegedBackend({ isRoot: true, platform, helperAvailable: false, front: 'app' })).toEqual({
        kind: 'in-process',
        privileged: true,
        hint: null,
      });
    }
  });

  it('uses the helper for a user on Linux when it can be started', () => {
    expect(choosePrivilegedBackend({ isRoot: false, platform: 'linux', helperAvailable: true, front: 'app' })).toEqual({
      kind: 'helper',
      privileged: true,
      hint: null,
    });
  });

  it('keeps the helper after a refused start, says why, and that connecting asks again', () => {
    const choice = choosePrivilegedBackend({
      isRoot: false,
      platform: 'linux',
      helperAvailable: true,
      helperProblem: 'administrator rights were not granted.',
      front: 'app',
    });
    expect(choice.kind).toBe('helper');
    expect(choice.privileged).toBe(false);
    expect(choice.hint).toBe(
      'Holdfast could not start its network helper (administrator rights were not granted). Connecting asks for administrator rights again.',
    );
  });

  it('tells the app user how to get a helper when there is none', () => {
    const choice = choosePrivilegedBackend({
      isRoot: false,
      platform: 'linux',
      helperAvailable: false,
      helperProblem: 'neither pkexec nor sudo is installed',
      front: 'app',
    });
    expect(choice).toMatchObject({ kind: 'none', privileged: false });
    expect(choice.hint).toMatch(/^Connecting needs administrator rights, and the Holdfast helper cannot be started/);
    expect(choice.hint).toMatch(/\(neither pkexec nor sudo is installed\)/);
    expect(choice.hint).toMatch(/sudo holdfast connect/);
  });

  it('gives the CLI its plain sentence, with the reason', () => {
    const choice = choosePrivilegedBackend({
      isRoot: false,
      platform: 'linux',
      helperAvailable: true,
      helperProblem: 'sudo does not allow starting the Holdfast helper without a password',
      front: 'cli',
    });
    expect(choice.hint).toBe(
      `${CLI_NEEDS_ADMIN} (sudo does not allow starting the Holdfast helper without a password).`,
    );
    expect(CLI_NEEDS_ADMIN).toBe(
      'Connecting needs administrator rights: run `sudo holdfast connect`, or install the Holdfast helper',
    );
  });

  it('has no helper on macOS and Windows yet, and says so without blaming the user', () => {
    for (const platform of ['darwin', 'win32']) {
      const choice = choosePrivilegedBackend({ isRoot: false, platform, helperAvailable: true, front: 'app' });
      expect(choice).toMatchObject({ kind: 'none', privileged: false });
      expect(choice.hint).toMatch(/system service that this version does not install yet/);
    }
  });
});
