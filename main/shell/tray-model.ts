import type { ConnectionState } from '../core/connection/state';

/**
 * What the tray shows for a connection state, as plain data: the Electron adapter (tray.ts) only turns
 * this into a Tray, a Menu and click handlers. Keeping the decisions here lets them be tested without
 * Electron, and gives one place for the labels when the tray gets translated.
 */

/** One PNG family per icon under assets/tray/ (see scripts/make-icons.mjs). */
export const TRAY_ICONS = [
  'disconnected',
  'connecting',
  'connected',
  'reconnecting',
  'failing-over',
  'failed',
  'blocked',
] as const;
export type TrayIcon = (typeof TRAY_ICONS)[number];

export type TrayPlatform = 'darwin' | 'win32' | 'linux';

export type TrayAction = 'connect' | 'disconnect' | 'recover-network' | 'show-window' | 'quit';

export interface TrayInput {
  state: ConnectionState;
  /** The profile being used or last used; null before the first connection. */
  profileName: string | null;
  /** Without any imported profile, "Connect" cannot work: the tray leads to the window instead. */
  hasProfiles: boolean;
  /** The kill switch is on in settings: whenever no tunnel is up during a connection, traffic is held. */
  killSwitch?: boolean;
  /**
   * Core has said that no server is reachable for the current outage (its `unresolved` notification);
   * false again once the outage ends. Distinguishes "blocked" from a reconnect that takes two seconds.
   */
  unreachable?: boolean;
  /** A kill switch left by a previous session still blocks the network (`recovery.status`). */
  leftoverBlock?: boolean;
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

type StatusInput = Pick<TrayInput, 'state' | 'profileName' | 'killSwitch' | 'unreachable' | 'leftoverBlock'>;

const STATE_ICON: Record<ConnectionState, TrayIcon> = {
  disconnected: 'disconnected',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  'failing-over': 'failing-over',
  failed: 'failed',
};

/** Connecting, reconnecting or failing over: a tunnel is wanted and none carries traffic yet. */
const isTrying = (state: ConnectionState): boolean =>
  state === 'connecting' || state === 'reconnecting' || state === 'failing-over';

/**
 * Whether the kill switch holds traffic back right now. A connected tunnel carries traffic even while
 * the kill switch is armed; while Holdfast tries, or after it gave up, the kill switch holds everything;
 * while disconnected, only a previous session's leftover can.
 */
export function trafficBlocked(input: StatusInput): boolean {
  if (input.state === 'connected') return false;
  if (input.state === 'disconnected') return Boolean(input.leftoverBlock);
  return Boolean(input.killSwitch);
}

/**
 * The red "blocked" icon means "nothing gets through and it will not fix itself soon": a leftover from a
 * previous session, a failure, or an outage core reports as unreachable. The first seconds of a
 * (re)connection keep their own icons, or every ordinary reconnect would look like an emergency.
 */
export function trayIconFor(input: StatusInput): TrayIcon {
  if (trafficBlocked(input)) {
    if (input.state === 'disconnected' || input.state === 'failed') return 'blocked';
    if (input.unreachable) return 'blocked';
  }
  return STATE_ICON[input.state];
}

function plainLine(state: ConnectionState, name: string | null): string {
  switch (state) {
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
}

/** The menu's status line (and, after the app name, the tooltip): what is happening, and what gets through. */
export function statusLine(input: StatusInput): string {
  const blocked = trafficBlocked(input);
  if (isTrying(input.state) && input.unreachable) {
    return `No server is reachable. Holdfast keeps trying${blocked ? '; traffic stays blocked' : ''}`;
  }
  const base = plainLine(input.state, input.profileName);
  if (!blocked) return base;
  if (input.state === 'disconnected') return `${base}. A previous session still blocks the network`;
  if (input.state === 'failed') return `${base}. Traffic stays blocked until you disconnect`;
  return `${base} (traffic blocked meanwhile)`;
}

export function trayTooltip(input: StatusInput): string {
  const text = `${APP_NAME}: ${statusLine(input)}`;
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

function connectionItems(input: TrayInput): TrayMenuItem[] {
  const connect = (label: string): TrayMenuItem => ({ kind: 'action', action: 'connect', label, enabled: true });
  const disconnect = (label: string): TrayMenuItem => ({ kind: 'action', action: 'disconnect', label, enabled: true });
  switch (input.state) {
    case 'disconnected':
      return [
        input.hasProfiles
          ? connect(input.profileName ? `Connect to ${input.profileName}` : 'Connect')
          : { kind: 'action', action: 'show-window', label: 'Import a profile…', enabled: true },
        ...recoveryItems(input),
      ];
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

/**
 * "Recover network…" when a previous session's kill switch still blocks the network. Only while
 * disconnected: core refuses to clear rules that protect a live connection, and connecting replaces the
 * leftover rules anyway (which is why Connect stays first).
 */
export function recoveryItems(input: Pick<TrayInput, 'state' | 'leftoverBlock'>): TrayMenuItem[] {
  if (!input.leftoverBlock || input.state !== 'disconnected') return [];
  return [{ kind: 'action', action: 'recover-network', label: 'Recover network…', enabled: true }];
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
