import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/storage/atomic-file';

/**
 * Starting Holdfast at login, from the `ui.launchAtLogin` setting. macOS and Windows register a login
 * item through Electron; Linux desktops read XDG autostart entries, which Electron does not write, so
 * the shell writes `~/.config/autostart/holdfast.desktop` itself. Either way Holdfast starts in the tray
 * (`--hidden`; on macOS the shell asks whether it was opened at login). The plan is pure; applying it
 * takes the Electron calls and the file system as ports.
 */

/** `ui.launchAtLogin` in core settings, read defensively: absent (or not a boolean true) means off. */
export function launchAtLoginSetting(settings: unknown): boolean {
  const ui = (settings as { ui?: { launchAtLogin?: unknown } } | null | undefined)?.ui;
  return ui?.launchAtLogin === true;
}

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE_NAME = 'holdfast.desktop';
/** Marks the autostart entry as Holdfast's own, so an entry the user wrote by hand is never deleted. */
const OWN_MARKER = 'X-Holdfast-Autostart=true';

export type LoginItemPlan =
  | { kind: 'login-item'; openAtLogin: boolean; args: string[] }
  | { kind: 'autostart-file'; file: string; content: string | null }
  | { kind: 'skip'; reason: string };

export interface LoginItemContext {
  platform: NodeJS.Platform;
  enabled: boolean;
  /** In development the executable is the bare Electron binary, which must not start at login. */
  packaged: boolean;
  execPath: string;
  /** Set by the AppImage runtime: the AppImage file, since execPath lies in a mount that is gone later. */
  appImagePath?: string;
  /** $XDG_CONFIG_HOME, or ~/.config. */
  configHome: string;
}

export function planLoginItem(context: LoginItemContext): LoginItemPlan {
  if (!context.packaged) {
    return { kind: 'skip', reason: 'Start at login is applied only by the installed app, not in development' };
  }
  if (context.platform === 'darwin' || context.platform === 'win32') {
    // args reach the app on Windows only; macOS reports wasOpenedAtLogin instead.
    return { kind: 'login-item', openAtLogin: context.enabled, args: [HIDDEN_ARG] };
  }
  const file = path.join(context.configHome, 'autostart', AUTOSTART_FILE_NAME);
  const executable = context.appImagePath || context.execPath;
  return { kind: 'autostart-file', file, content: context.enabled ? autostartEntry(executable) : null };
}

/**
 * One argument of a desktop entry's Exec key: quoted, with `"`, `` ` ``, `$` and `\` escaped inside the
 * quotes, then backslashes escaped again for the string type and `%` doubled (it starts field codes).
 */
export function desktopExecArg(arg: string): string {
  if ([...arg].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new Error(`Cannot start ${JSON.stringify(arg)} at login: the path holds a control character`);
  }
  const quoted = `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Holdfast',
    'Comment=Start Holdfast in the tray at login',
    `Exec=${desktopExecArg(executable)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    OWN_MARKER,
    '',
  ].join('\n');
}

export interface LoginItemPorts {
  getLoginItemSettings(options: { args: string[] }): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[] }): void;
  readFile?(file: string): Promise<string | null>;
  writeFile?(file: string, content: string): Promise<void>;
  removeFile?(file: string): Promise<void>;
}

const readOrNull = async (file: string): Promise<string | null> => {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
};

const writeEntry = async (file: string, content: string): Promise<void> => {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, content, 0o644);
};

/** Makes the system match the plan, touching nothing that already matches. Returns what it changed. */
export async function applyLoginItem(plan: LoginItemPlan, ports: LoginItemPorts): Promise<string | null> {
  switch (plan.kind) {
    case 'skip':
      return null;
    case 'login-item': {
      if (ports.getLoginItemSettings({ args: plan.args }).openAtLogin === plan.openAtLogin) return null;
      ports.setLoginItemSettings({ openAtLogin: plan.openAtLogin, args: plan.args });
      return plan.openAtLogin ? 'Holdfast now starts at login' : 'Holdfast no longer starts at login';
    }
    case 'autostart-file': {
      const read = ports.readFile ?? readOrNull;
      const existing = await read(plan.file);
      if (plan.content !== null) {
        if (existing === plan.content) return null;
        await (ports.writeFile ?? writeEntry)(plan.file, plan.content);
        return `Holdfast now starts at login (${plan.file})`;
      }
      if (existing === null || !existing.includes(OWN_MARKER)) return null;
      await (ports.removeFile ?? ((file) => fs.rm(file, { force: true })))(plan.file);
      return `Holdfast no longer starts at login (removed ${plan.file})`;
    }
  }
}
