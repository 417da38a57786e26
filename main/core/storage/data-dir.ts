import fs from 'node:fs';
import path from 'node:path';

/**
 * One data folder for the app and the `holdfast` command, so a profile imported in one is there in the
 * other: `$HOLDFAST_DATA_DIR`, else `$XDG_CONFIG_HOME/holdfast`, else `~/.config/holdfast` (the
 * command's folder since its first version; the app used Electron's default, `~/.config/Holdfast`).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, home: string): string {
  if (env.HOLDFAST_DATA_DIR) return env.HOLDFAST_DATA_DIR;
  return path.join(configHome(env, home), 'holdfast');
}

/** Where earlier versions of the app kept their data on Linux (Electron's userData for "Holdfast"). */
export function legacyAppDataDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(configHome(env, home), 'Holdfast');
}

function configHome(env: NodeJS.ProcessEnv, home: string): string {
  return env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : path.join(home, '.config');
}

export interface Adoption {
  /** The folder to use: `target`, unless the move could not be made (then the legacy folder, unchanged). */
  dataDir: string;
  /** What happened, for the log; undefined when there was nothing to do. */
  note?: string;
}

/**
 * Moves the app's old data folder to the shared one, once, with one rename: atomic, so a crash leaves
 * either the old folder or the new one, never half of each. Nothing is merged: when both folders hold
 * data, the shared one is used and the old one is left untouched (and named in the note). A link is left
 * at the old place so that an older Holdfast started afterwards finds the same data. Synchronous: the
 * app must know its folder before Electron's first step (the single-instance lock lives there).
 */
export function adoptLegacyDataDir(target: string, legacy: string): Adoption {
  const old = tryFs(() => fs.lstatSync(legacy));
  if (!old || !old.isDirectory()) return { dataDir: target };
  const current = tryFs(() => fs.statSync(target));
  // Case-insensitive file systems: both names are one folder.
  if (current && current.ino === old.ino && current.dev === old.dev) return { dataDir: target };
  if (current) {
    const entries = tryFs(() => fs.readdirSync(target)) ?? ['?'];
    if (entries.length > 0) {
      return {
        dataDir: target,
        note: `Using ${target}. An older Holdfast data folder, ${legacy}, was left as it is: import its profiles again if you need them, then remove it.`,
      };
    }
    tryFs(() => fs.rmdirSync(target));
  }
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  try {
    fs.renameSync(legacy, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Another Holdfast moved it at the same moment: the shared folder is there now.
    if (code === 'ENOENT' || code === 'EEXIST' || code === 'ENOTEMPTY') return { dataDir: target };
    return {
      dataDir: legacy,
      note: `Could not move ${legacy} to ${target} (${code ?? String(err)}); using ${legacy}.`,
    };
  }
  tryFs(() => fs.symlinkSync(target, legacy));
  return {
    dataDir: target,
    note: `Moved Holdfast's data from ${legacy} to ${target}, shared with the holdfast command.`,
  };
}

function tryFs<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
