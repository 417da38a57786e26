import type { Messages } from './messages';

/**
 * English: what the desktop shell says outside the window (tray, system dialogs) and the About panel.
 * Main reads these tables too (main/shell/shell-text.ts), so the tray and the window use the same words.
 */
export const enShell: Messages = {
  shell: {
    tray: {
      tooltip: 'Holdfast: {{status}}',
      status: {
        disconnected: 'Not connected',
        connecting: 'Connecting…',
        connectingTo: 'Connecting to {{name}}…',
        connected: 'Connected',
        connectedTo: 'Connected to {{name}}',
        reconnecting: 'Reconnecting…',
        reconnectingTo: 'Reconnecting to {{name}}…',
        'failing-over': 'Switching to another server…',
        failed: 'Could not connect',
        failedTo: 'Could not connect to {{name}}',
        unreachable: 'No server is reachable. Holdfast keeps trying',
        unreachableBlocked: 'No server is reachable. Holdfast keeps trying; traffic stays blocked',
        leftoverBlock: '{{status}}. A previous session still blocks the network',
        failedBlocked: '{{status}}. Traffic stays blocked until you disconnect',
        waitingBlocked: '{{status}} (traffic blocked meanwhile)',
      },
      connect: 'Connect',
      connectTo: 'Connect to {{name}}',
      importProfile: 'Import a profile…',
      cancel: 'Cancel',
      disconnect: 'Disconnect',
      tryAgain: 'Try again',
      recoverNetwork: 'Recover network…',
      show: 'Show Holdfast',
      quit: 'Quit Holdfast',
    },
    dialogs: {
      ok: 'OK',
      cancel: 'Cancel',
      startFailed: 'Holdfast could not start',
      importFiles: 'Import VPN profiles',
      importFolder: 'Import a folder of VPN profiles',
      importFilter: 'VPN profiles (.conf, .ovpn, .zip)',
      allFiles: 'All files',
      recover: {
        title: 'Recover network',
        question: 'Unblock the network?',
        leftover: 'The kill switch of a previous Holdfast session still blocks all traffic.',
        warning:
          'Unblocking lets traffic out without the VPN until you connect again. To stay protected, connect instead.',
        unblock: 'Unblock the network',
        stillBlocked: 'The network is still blocked.',
        couldNotRemove: 'Holdfast could not remove the previous session’s rules. Connect to stay protected.',
      },
      noTray: {
        title: 'Holdfast keeps running',
        message: 'Holdfast stays in your taskbar, minimised, and keeps the connection.',
        detail:
          'This desktop shows no tray icons, so closing the window minimises it instead. To quit Holdfast, close it again from the taskbar or dock while it is minimised.',
      },
    },
    about: {
      title: 'About Holdfast',
      version: 'Version {{version}}',
      platforms: 'What works where',
      linux: 'Linux',
      linuxStatus:
        'Supported. Install the .deb or .rpm package: it brings the network helper, OpenVPN, WireGuard tools and the kill switch.',
      appImage: 'Linux AppImage',
      appImageStatus:
        'Opens, imports and keeps settings, but cannot connect on its own. To connect, install the .deb or .rpm package.',
      macos: 'macOS',
      windows: 'Windows',
      previewStatus:
        'Preview. Holdfast opens and imports profiles, but cannot connect yet: the system service and a tested kill switch are still missing.',
      thisSystem: 'This system',
    },
    platform: {
      previewTitle: 'Connecting is not available on this system yet',
      previewBody:
        'This is a preview for {{platform}}. You can import and organise profiles; connecting needs a system service and a tested kill switch that this version does not have.',
      appImageTitle: 'Install the package to connect',
      appImageBody:
        'The AppImage cannot start Holdfast’s network helper. Install the .deb (Debian, Ubuntu) or .rpm (Fedora) package of the same version: it brings the helper, OpenVPN, WireGuard tools and the kill switch.',
    },
    window: {
      startMinimized: 'Start minimised to the tray',
      startMinimizedHint: 'When Holdfast starts, it waits in the tray instead of opening this window.',
      startMinimizedNoTray: 'This desktop shows no tray icons, so Holdfast always opens its window.',
    },
  },
};
