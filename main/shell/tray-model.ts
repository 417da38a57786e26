import type { ConnectionState } from '../core/connection/state';
import type { Translate } from './shell-text';
import type { TrayServerItem, TrayServerTarget } from './tray-server-types';

/**
 * What the tray shows for a connection state, as plain data: the Electron adapter (tray.ts) only turns
 * this into a Tray, a Menu and click handlers. Keeping the decisions here lets them be tested without
 * Electron. Every label comes through `t` (shell-text.ts) in the user's language.
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
  /** Favourites, recent servers and "Fastest in ..." (tray-servers-model.ts). */
  servers?: TrayServerItem[];
}

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'server'; label: string; enabled: boolean; target: TrayServerTarget };

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

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

function plainLine(state: ConnectionState, name: string | null, t: Translate): string {
  const named = (key: string) => (name ? t(`shell.tray.status.${key}To`, { name }) : t(`shell.tray.status.${key}`));
  switch (state) {
    case 'disconnected':
      return t('shell.tray.status.disconnected');
    case 'connecting':
    case 'connected':
    case 'reconnecting':
    case 'failed':
      return named(state);
    case 'failing-over':
      return t('shell.tray.status.failing-over');
  }
}

/** The menu's status line (and, after the app name, the tooltip): what is happening, and what gets through. */
export function statusLine(input: StatusInput, t: Translate): string {
  const blocked = trafficBlocked(input);
  if (isTrying(input.state) && input.unreachable) {
    return t(blocked ? 'shell.tray.status.unreachableBlocked' : 'shell.tray.status.unreachable');
  }
  const status = plainLine(input.state, input.profileName, t);
  if (!blocked) return status;
  if (input.state === 'disconnected') return t('shell.tray.status.leftoverBlock', { status });
  if (input.state === 'failed') return t('shell.tray.status.failedBlocked', { status });
  return t('shell.tray.status.waitingBlocked', { status });
}

export function trayTooltip(input: StatusInput, t: Translate): string {
  const text = t('shell.tray.tooltip', { status: statusLine(input, t) });
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

function connectionItems(input: TrayInput, t: Translate): TrayMenuItem[] {
  const connect = (label: string): TrayMenuItem => ({ kind: 'action', action: 'connect', label, enabled: true });
  const disconnect = (label: string): TrayMenuItem => ({ kind: 'action', action: 'disconnect', label, enabled: true });
  switch (input.state) {
    case 'disconnected':
      return [
        input.hasProfiles
          ? connect(
              input.profileName ? t('shell.tray.connectTo', { name: input.profileName }) : t('shell.tray.connect'),
            )
          : { kind: 'action', action: 'show-window', label: t('shell.tray.importProfile'), enabled: true },
        ...recoveryItems(input, t),
      ];
    case 'connecting':
      return [disconnect(t('shell.tray.cancel'))];
    case 'connected':
    case 'reconnecting':
    case 'failing-over':
      return [disconnect(t('shell.tray.disconnect'))];
    case 'failed':
      // Failed needs the user: try again, or give up (which also lifts anything still holding traffic).
      return [
        ...(input.hasProfiles ? [connect(t('shell.tray.tryAgain'))] : []),
        disconnect(t('shell.tray.disconnect')),
      ];
  }
}

/**
 * "Recover network…" when a previous session's kill switch still blocks the network. Only while
 * disconnected: core refuses to clear rules that protect a live connection, and connecting replaces the
 * leftover rules anyway (which is why Connect stays first).
 */
export function recoveryItems(input: Pick<TrayInput, 'state' | 'leftoverBlock'>, t: Translate): TrayMenuItem[] {
  if (!input.leftoverBlock || input.state !== 'disconnected') return [];
  return [{ kind: 'action', action: 'recover-network', label: t('shell.tray.recoverNetwork'), enabled: true }];
}

/**
 * More of the menu from elsewhere (favourite or recent servers, say): each section is drawn between the
 * connection's own items and Show/Quit, after a separator, and only when it has items.
 */
export type TraySection = (input: TrayInput, t: Translate) => TrayMenuItem[];

export function trayModel(input: TrayInput, t: Translate, sections: readonly TraySection[] = []): TrayModel {
  const extra = sections.map((section) => section(input, t)).filter((items) => items.length > 0);
  return {
    icon: trayIconFor(input),
    tooltip: trayTooltip(input, t),
    menu: [
      { kind: 'status', label: statusLine(input, t) },
      { kind: 'separator' },
      ...connectionItems(input, t),
      ...extra.flatMap((items): TrayMenuItem[] => [{ kind: 'separator' }, ...items]),
      { kind: 'separator' },
      { kind: 'action', action: 'show-window', label: t('shell.tray.show'), enabled: true },
      { kind: 'action', action: 'quit', label: t('shell.tray.quit'), enabled: true },
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
