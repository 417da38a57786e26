import type { ConnectionState } from '../core/connection/state';

/**
 * What the tray shows for a connection state, as plain data: the Electron adapter (tray.ts) only turns
 * this into a Tray, a Menu and click handlers. Keeping the decisions here lets them be tested without
 * Electron, and gives one place for the labels when the tray gets translated.
 */

/** One PNG family per icon under assets/tray/ (see scripts/make-icons.mjs). */
export const TRAY_ICONS = ['disconnected', 'connecting', 'connected', 'reconnecting', 'failed', 'blocked'] as const;
export type TrayIcon = (typeof TRAY_ICONS)[number];

export type TrayPlatform = 'darwin' | 'win32' | 'linux';

export type TrayAction = 'connect' | 'disconnect' | 'show-window' | 'quit';

export interface TrayInput {
  state: ConnectionState;
  /** The profile being used or last used; null before the first connection. */
  profileName: string | null;
  /** Without any imported profile, "Connect" cannot work: the tray leads to the window instead. */
  hasProfiles: boolean;
  /**
   * Whether the kill switch currently holds traffic back. Not reported by core yet; when it is, a blocked
   * network gets its own icon so that "nothing works" is never mistaken for "not protected".
   */
  trafficBlocked?: boolean;
}

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

const APP_NAME = 'Holdfast';
/** Windows truncates tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

const STATE_ICON: Record<ConnectionState, TrayIcon> = {
  disconnected: 'disconnected',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  'failing-over': 'reconnecting',
  failed: 'failed',
};

export function trayIconFor(input: Pick<TrayInput, 'state' | 'trafficBlocked'>): TrayIcon {
  // A connected tunnel carries traffic even while the kill switch is armed: only say "blocked" when the
  // tunnel is not carrying it.
  if (input.trafficBlocked && input.state !== 'connected') return 'blocked';
  return STATE_ICON[input.state];
}

export function statusLine(input: Pick<TrayInput, 'state' | 'profileName' | 'trafficBlocked'>): string {
  const name = input.profileName;
  const base = (() => {
    switch (input.state) {
      case 'disconnected':
        return 'Not connected';
      case 'connecting':
        return name ? `Connecting to ${name}…` : 'Connecting…';
      case 'connected':
        return name ? `Connected to ${name}` : 'Connected';
      case 'reconnecting':
        return name ? `Reconnecting to ${name}…` : 'Reconnecting…';
      case 'failing-over':
        return 'Switching to another server…';
      case 'failed':
        return name ? `Could not connect to ${name}` : 'Could not connect';
    }
  })();
  return input.trafficBlocked && input.state !== 'connected' ? `${base} (traffic blocked)` : base;
}

export function trayTooltip(input: Pick<TrayInput, 'state' | 'profileName' | 'trafficBlocked'>): string {
  const text = `${APP_NAME}: ${statusLine(input)}`;
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

function connectionItems(input: TrayInput): TrayMenuItem[] {
  const connect = (label: string): TrayMenuItem => ({ kind: 'action', action: 'connect', label, enabled: true });
  const disconnect = (label: string): TrayMenuItem => ({ kind: 'action', action: 'disconnect', label, enabled: true });
  switch (input.state) {
    case 'disconnected':
      return input.hasProfiles
        ? [connect(input.profileName ? `Connect to ${input.profileName}` : 'Connect')]
        : [{ kind: 'action', action: 'show-window', label: 'Import a profile…', enabled: true }];
    case 'connecting':
      return [disconnect('Cancel')];
    case 'connected':
    case 'reconnecting':
    case 'failing-over':
      return [disconnect('Disconnect')];
    case 'failed':
      // Failed needs the user: try again, or give up (which also lifts anything still holding traffic).
      return [...(input.hasProfiles ? [connect('Try again')] : []), disconnect('Disconnect')];
  }
}

export function trayModel(input: TrayInput): TrayModel {
  return {
    icon: trayIconFor(input),
    tooltip: trayTooltip(input),
    menu: [
      { kind: 'status', label: statusLine(input) },
      { kind: 'separator' },
      ...connectionItems(input),
      { kind: 'separator' },
      { kind: 'action', action: 'show-window', label: `Show ${APP_NAME}`, enabled: true },
      { kind: 'action', action: 'quit', label: `Quit ${APP_NAME}`, enabled: true },
    ],
  };
}

/**
 * What a single (left) click on the tray icon does, or null when the platform opens the menu instead.
 * - macOS: a click opens the menu, as every menu-bar item does; nothing else.
 * - Windows and Linux: one click connects when there is something to connect to, because that is the
 *   most common wish. A click never disconnects: a stray click must not drop the tunnel and expose
 *   traffic. When connected (or busy), a click shows the window; disconnecting is in the menu.
 *   Linux desktops that show tray icons through AppIndicator never report clicks and open the menu,
 *   whose first action is the same Connect.
 */
export function trayClickAction(platform: TrayPlatform, input: TrayInput): TrayAction | null {
  if (platform === 'darwin') return null;
  if ((input.state === 'disconnected' || input.state === 'failed') && input.hasProfiles) return 'connect';
  return 'show-window';
}

/**
 * The PNG under assets/tray/ for an icon on a platform. macOS gets black "Template" images that the
 * menu bar tints for light and dark mode; Windows uses 16 px (32 px @2x picked up automatically for
 * high-DPI); Linux panels scale the 32 px image (64 px @2x) to their own size.
 */
export function trayIconFile(icon: TrayIcon, platform: TrayPlatform): string {
  switch (platform) {
    case 'darwin':
      return `${icon}Template.png`;
    case 'win32':
      return `${icon}.png`;
    case 'linux':
      return `${icon}-32.png`;
  }
}

export function toTrayPlatform(platform: NodeJS.Platform): TrayPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}
