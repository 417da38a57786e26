import path from 'node:path';
import type { Elevation, HelperProgram } from './helper-launcher';

/** Where the Linux package installs the helper wrapper; the polkit policy names exactly this path. */
export const INSTALLED_HELPER = '/opt/Holdfast/resources/holdfast-helper';
/** The bundled helper script, built by `npm run build` beside the app's and the CLI's own bundles. */
export const HELPER_SCRIPT = 'helper/helper-main.mjs';

export interface HelperLocationFacts {
  /** Directory of the running bundle (out/main). */
  bundleDir: string;
  /** The runtime running us: node for the CLI, the Electron binary for the app. */
  execPath: string;
  electron: boolean;
  packaged: boolean;
  resourcesPath?: string;
  exists: (file: string) => boolean;
}

export type HelperLocation = { ok: true; program: HelperProgram } | { ok: false; problem: string };

/**
 * Finds the helper to start. The packaged app uses the wrapper in its resources (the one the polkit
 * policy allows); a build from source uses the bundled script with the runtime that runs us, so the
 * helper always speaks the same protocol version as its caller; the installed wrapper comes last.
 * Whatever is found is started as root only through pkexec (which asks) or a sudoers rule (which an
 * administrator wrote for exactly that command).
 */
export function locateHelperProgram(facts: HelperLocationFacts): HelperLocation {
  const looked: string[] = [];
  if (facts.packaged && facts.resourcesPath) {
    const wrapper = path.join(facts.resourcesPath, 'holdfast-helper');
    if (facts.exists(wrapper)) return { ok: true, program: { command: wrapper, args: [] } };
    looked.push(wrapper);
  }
  const script = path.resolve(facts.bundleDir, '..', HELPER_SCRIPT);
  if (facts.exists(script)) {
    // pkexec and sudo reset the environment, so Electron's Node mode is asked for on the command line.
    const program = facts.electron
      ? { command: '/usr/bin/env', args: ['ELECTRON_RUN_AS_NODE=1', facts.execPath, script] }
      : { command: facts.execPath, args: [script] };
    return { ok: true, program };
  }
  looked.push(script);
  if (facts.exists(INSTALLED_HELPER)) return { ok: true, program: { command: INSTALLED_HELPER, args: [] } };
  looked.push(INSTALLED_HELPER);
  return { ok: false, problem: `the helper program was not found (looked for ${looked.join(', ')})` };
}

/**
 * How to become root: the app prefers pkexec (a password dialog through the desktop's polkit agent) and
 * falls back to sudo -n; the CLI uses sudo -n only (a sudoers rule for the helper, or `sudo holdfast`).
 */
export function chooseElevation(options: {
  front: 'app' | 'cli';
  pathEnv: string | undefined;
  exists: (file: string) => boolean;
}): Exclude<Elevation, 'none'> | undefined {
  const dirs = (options.pathEnv ?? '').split(':').filter((d) => path.isAbsolute(d));
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin']) if (!dirs.includes(dir)) dirs.push(dir);
  const has = (name: string) => dirs.some((dir) => options.exists(path.join(dir, name)));
  if (options.front === 'app' && has('pkexec')) return 'pkexec';
  return has('sudo') ? 'sudo' : undefined;
}
