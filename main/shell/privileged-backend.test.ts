import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../core/events';
import type { HoldfastCore } from '../core/service/core';
import type { PrivilegedBackendRequest } from '../core/system/helper/privileged-backend';
import type { PrivilegedBackendChoice } from '../core/system/helper/privileged-backend-choice';
import { APPIMAGE_HINT, openAppPrivileges, type AppPrivilegeFacts } from './privileged-backend';

function facts(overrides: Partial<AppPrivilegeFacts> = {}) {
  const logged: string[] = [];
  const requests: PrivilegedBackendRequest[] = [];
  let choice: PrivilegedBackendChoice = { kind: 'helper', privileged: true, hint: null };
  const base: AppPrivilegeFacts = {
    isPackaged: true,
    resourcesPath: '/opt/Holdfast/resources',
    bundleDir: '/opt/Holdfast/resources/app.asar/out/main',
    execPath: '/opt/Holdfast/holdfast-desktop',
    version: '1.2.3',
    platform: 'linux',
    uid: 1000,
    pathEnv: '/usr/bin',
    log: { info: (m) => logged.push(`info ${m}`), warn: (m) => logged.push(`warn ${m}`) },
    openBackend: async (request) => {
      requests.push(request);
      return {
        choice: () => choice,
        coreOptions: { privileged: true },
        supervisor: undefined,
        close: async () => undefined,
      };
    },
    ...overrides,
  };
  return { base, logged, requests, setChoice: (c: PrivilegedBackendChoice) => (choice = c) };
}

function fakeCore(events: CoreEvent[]): HoldfastCore {
  return {
    info: () => ({
      version: '1.2.3',
      platform: 'linux',
      privileged: false,
      privilegeHint: 'the generic hint',
      vault: { kind: 'os-keychain', warning: null },
      capabilities: { importDialog: true, systemNotifications: true },
    }),
    events: { emit: (e: CoreEvent) => events.push(e), on: () => () => undefined },
  } as unknown as HoldfastCore;
}

describe('openAppPrivileges', () => {
  it('asks for the helper as the app: pkexec first, the packaged wrapper, started in the background', async () => {
    const f = facts();
    await openAppPrivileges(f.base);
    expect(f.requests[0]).toMatchObject({
      front: 'app',
      isRoot: false,
      uid: 1000,
      startNow: false,
      location: { packaged: true, electron: true, resourcesPath: '/opt/Holdfast/resources' },
    });
  });

  it('answers app.info with the live choice, not the engine default', async () => {
    const f = facts();
    const privileges = await openAppPrivileges(f.base);
    const core = fakeCore([]);
    const info = privileges.infoHandler(() => core);
    expect(await info({})).toMatchObject({ privileged: true, privilegeHint: null, version: '1.2.3' });
    f.setChoice({ kind: 'helper', privileged: false, hint: 'Holdfast could not start its network helper.' });
    expect(await info({})).toMatchObject({
      privileged: false,
      privilegeHint: 'Holdfast could not start its network helper.',
    });
    await expect(privileges.infoHandler(() => null)({})).rejects.toThrow(/still starting/);
  });

  it('keeps what the helper reported before the engine existed and hands it over as log events', async () => {
    const events: CoreEvent[] = [];
    const f = facts();
    const privileges = await openAppPrivileges(f.base);
    f.requests[0]!.report('warn', 'A previous Holdfast session that ended unexpectedly is still connected');
    expect(f.logged).toContain('warn A previous Holdfast session that ended unexpectedly is still connected');
    privileges.attach(fakeCore(events));
    f.requests[0]!.report('info', 'Stopped the connection a previous Holdfast session left running');
    expect(events.map((e) => (e.type === 'log' ? `${e.level} ${e.message}` : e.type))).toEqual([
      'warn A previous Holdfast session that ended unexpectedly is still connected',
      'info Stopped the connection a previous Holdfast session left running',
    ]);
  });

  it('runs in-process as root', async () => {
    const f = facts({ uid: 0 });
    await openAppPrivileges(f.base);
    expect(f.requests[0]?.isRoot).toBe(true);
  });
});

describe('openAppPrivileges in an AppImage', () => {
  it('does not try to start a helper root cannot reach, and says which package to install', async () => {
    const { base, requests } = facts({ appImage: true });
    const privileges = await openAppPrivileges(base);
    expect(requests).toEqual([]);
    expect(privileges.coreOptions).toEqual({ privileged: false });
    const info = await privileges.infoHandler(
      () => fakeCore([]),
      () => ({
        distribution: 'appimage',
        capabilities: { importDialog: true, systemNotifications: true, tray: false },
      }),
    )({});
    expect(info).toMatchObject({
      privileged: false,
      privilegeHint: APPIMAGE_HINT,
      distribution: 'appimage',
      capabilities: { importDialog: true, systemNotifications: true, tray: false },
    });
    expect(APPIMAGE_HINT).toMatch(/install the \.deb .* or \.rpm/);
  });

  it('runs as usual when the AppImage itself runs as root', async () => {
    const { base, requests } = facts({ appImage: true, uid: 0 });
    await openAppPrivileges(base);
    expect(requests).toHaveLength(1);
  });
});
