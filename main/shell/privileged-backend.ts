import { existsSync } from 'node:fs';
import type { HoldfastCore, HoldfastCoreOptions } from '../core/service/core';
import type { CommandHandlers } from '../core/service/dispatcher';
import { openPrivilegedBackend, type PrivilegedBackend } from '../core/system/helper/privileged-backend';
import type { AppInfo } from '../../preload/contract';

/**
 * An AppImage runs from a FUSE mount that only its user can read (root included), and nothing installs
 * its polkit policy: pkexec could not run its helper. It says what to install instead of asking for a
 * password that cannot help.
 */
export const APPIMAGE_HINT =
  'The AppImage cannot start Holdfast’s network helper. To connect, install the .deb (Debian, Ubuntu) or .rpm (Fedora) package of the same version: it brings the helper, OpenVPN, WireGuard tools and the kill switch.';

const appImageBackend = (): PrivilegedBackend => ({
  choice: () => ({ kind: 'none', privileged: false, hint: APPIMAGE_HINT }),
  coreOptions: { privileged: false },
  supervisor: undefined,
  close: async () => undefined,
});

/** What the app knows about itself; passed in so this file needs no Electron and tests with plain values. */
export interface AppPrivilegeFacts {
  isPackaged: boolean;
  resourcesPath: string | undefined;
  /** Directory of the running main bundle (out/main). */
  bundleDir: string;
  execPath: string;
  version: string;
  platform: string;
  uid: number | undefined;
  pathEnv: string | undefined;
  log: { info(message: string): void; warn(message: string): void };
  exists?: (file: string) => boolean;
  /** Running from an AppImage ($APPIMAGE): its helper cannot be started as root (see below). */
  appImage?: boolean;
  /** Replaces the real helper start (tests). */
  openBackend?: typeof openPrivilegedBackend;
}

export interface AppPrivileges {
  coreOptions: Pick<HoldfastCoreOptions, 'drivers' | 'killSwitch' | 'probe' | 'privileged' | 'owner'>;
  /**
   * `app.info` with the live answer: whether connecting can work now and, if not, why in plain words.
   * It follows the helper (a refused start, then a granted one on the next connect).
   */
  infoHandler(core: () => HoldfastCore | null, shell?: () => Partial<AppInfo>): CommandHandlers['app.info'];
  /** From now on, what the helper reports (orphans, stopped sessions) also reaches the window as log events. */
  attach(core: HoldfastCore): void;
  /** Lets the helper go when the app quits; one still carrying a connection keeps it. */
  close(): Promise<void>;
}

/**
 * The app runs as the user. On Linux it starts the privileged helper once, at launch and without
 * holding up the window, through pkexec (sudo -n when pkexec is missing): the user grants administrator
 * rights once per run, and orphans a crashed run left behind are found at once. If the start is refused
 * the app still works, says why, and asks again when the user connects. As root everything runs
 * in-process.
 */
export async function openAppPrivileges(facts: AppPrivilegeFacts): Promise<AppPrivileges> {
  let attached: HoldfastCore | null = null;
  const early: Array<{ level: 'info' | 'warn'; message: string }> = [];
  const report = (level: 'info' | 'warn', message: string): void => {
    facts.log[level](message);
    if (attached) emitLog(attached, level, message);
    else early.push({ level, message });
  };
  const appImageUser = facts.appImage === true && facts.platform === 'linux' && facts.uid !== 0;
  const backend: PrivilegedBackend = appImageUser
    ? appImageBackend()
    : await (facts.openBackend ?? openPrivilegedBackend)({
        front: 'app',
        isRoot: facts.uid === 0,
        platform: facts.platform,
        uid: facts.uid ?? -1,
        pathEnv: facts.pathEnv,
        location: {
          bundleDir: facts.bundleDir,
          execPath: facts.execPath,
          electron: true,
          packaged: facts.isPackaged,
          ...(facts.resourcesPath ? { resourcesPath: facts.resourcesPath } : {}),
          exists: facts.exists ?? existsSync,
        },
        clientVersion: facts.version,
        report,
        onHelperLog: (line) => facts.log.info(line),
        startNow: false,
      });
  const first = backend.choice();
  facts.log.info(`Privileged work: ${first.kind}${first.hint ? ` (${first.hint})` : ''}`);
  // Started in the background: the window opens while the password dialog waits for the user.
  void backend.supervisor?.client().then(
    (client) => facts.log.info(`Privileged helper ${client.hello.helperVersion} started (pid ${client.hello.pid})`),
    (err: unknown) =>
      facts.log.warn(`Privileged helper not started: ${err instanceof Error ? err.message : String(err)}`),
  );

  return {
    coreOptions: backend.coreOptions,
    infoHandler: (core, shell) => async () => {
      const engine = core();
      if (!engine) throw new Error('Holdfast is still starting');
      const choice = backend.choice();
      const info = engine.info();
      const extra = shell?.() ?? {};
      return {
        ...info,
        ...extra,
        capabilities: { ...info.capabilities, ...extra.capabilities },
        privileged: choice.privileged,
        privilegeHint: choice.hint,
      };
    },
    attach(core) {
      attached = core;
      for (const { level, message } of early.splice(0)) emitLog(core, level, message);
    },
    close: () => backend.close(),
  };
}

function emitLog(core: HoldfastCore, level: 'info' | 'warn', message: string): void {
  core.events.emit({ type: 'log', at: new Date().toISOString(), level, message });
}
