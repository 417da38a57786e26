/**
 * Whether a tray icon can be seen at all. macOS and Windows always have a place for it. On Linux
 * Electron's tray is a StatusNotifierItem, which shows only where a StatusNotifierWatcher runs on the
 * session bus (KDE, XFCE, Cinnamon, GNOME with the AppIndicator extension); plain GNOME has none, and the
 * icon would be invisible. Electron cannot tell, so the session bus is asked with dbus-send (Debian's
 * dbus-bin, on every desktop). When the question cannot be asked, the answer is "no tray": a window that
 * minimises instead of hiding is never lost.
 */
export type RunFn = (command: string, args: string[]) => Promise<{ code: number | null; stdout: string }>;

const WATCHER = 'org.kde.StatusNotifierWatcher';

export async function trayVisible(platform: NodeJS.Platform, run: RunFn): Promise<boolean> {
  if (platform === 'darwin' || platform === 'win32') return true;
  try {
    const answer = await run('dbus-send', [
      '--session',
      '--print-reply',
      '--reply-timeout=1000',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      `string:${WATCHER}`,
    ]);
    return answer.code === 0 && /\bboolean true\b/.test(answer.stdout);
  } catch {
    return false;
  }
}
