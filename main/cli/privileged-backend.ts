import { existsSync } from 'node:fs';
import path from 'node:path';
import { openPrivilegedBackend, type PrivilegedBackend } from '../core/system/helper/privileged-backend';
import type { CliIo } from './io';

/**
 * Commands that run tunnels through the helper; the others run as the user without one. (`recover` joins
 * once core's Recovery can use the helper's kill switch status and clear.)
 */
const NEEDS_PRIVILEGE = new Set(['connect']);

export type CliPrivileges =
  { ok: true; coreOptions: PrivilegedBackend['coreOptions']; close(): Promise<void> } | { ok: false; message: string };

/**
 * Root runs everything in-process. A user's `holdfast connect` starts the helper with `sudo -n` before
 * anything else, so it works with a sudoers rule that allows only the helper; when that fails the user
 * is told plainly what to do, and nothing has changed.
 */
export async function openCliPrivileges(command: string, version: string, io: CliIo): Promise<CliPrivileges> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!NEEDS_PRIVILEGE.has(command) || isRoot) return { ok: true, coreOptions: {}, close: async () => undefined };
  const backend = await openPrivilegedBackend({
    front: 'cli',
    isRoot,
    platform: process.platform,
    uid: process.getuid?.() ?? -1,
    pathEnv: io.env.PATH,
    location: { bundleDir: bundleDir(), execPath: process.execPath, ...packagedRuntime(), exists: existsSync },
    clientVersion: version,
    report: (_level, message) => io.stderr(`holdfast: ${message}\n`),
    onHelperLog: (line) => io.stderr(`${line}\n`),
    startNow: true,
    startTimeoutMs: 30_000,
  });
  const choice = backend.choice();
  if (!choice.privileged) {
    await backend.close();
    return { ok: false, message: choice.hint ?? 'Connecting needs administrator rights' };
  }
  return { ok: true, coreOptions: backend.coreOptions, close: () => backend.close() };
}

/** out/main, where cli.js lives (shared code may sit in out/main/chunks). */
function bundleDir(): string {
  const here = import.meta.dirname;
  return path.basename(here) === 'chunks' ? path.dirname(here) : here;
}

/**
 * The installed package's CLI runs on the app's own runtime in Node mode (/usr/bin/holdfast), from
 * resources/app.asar.unpacked/out/cli. Its helper is then the wrapper in resources/, the program the polkit
 * policy and a sudoers rule name; the bare runtime must never be started as root without Node mode (sudo
 * drops ELECTRON_RUN_AS_NODE, and the runtime would open the app instead).
 */
function packagedRuntime(): { electron: boolean; packaged: boolean; resourcesPath?: string } {
  if (!process.versions.electron) return { electron: false, packaged: false };
  return { electron: true, packaged: true, resourcesPath: path.resolve(bundleDir(), '..', '..', '..') };
}
