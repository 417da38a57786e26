import { describe, expect, it } from 'vitest';
import { trayVisible, type RunFn } from './tray-presence';

const answering =
  (stdout: string, code = 0): RunFn =>
  async () => ({ code, stdout });

describe('trayVisible', () => {
  it('is always true on macOS and Windows', async () => {
    const never: RunFn = async () => {
      throw new Error('must not ask');
    };
    await expect(trayVisible('darwin', never)).resolves.toBe(true);
    await expect(trayVisible('win32', never)).resolves.toBe(true);
  });

  it('asks the session bus for a StatusNotifierWatcher on Linux', async () => {
    const asked: string[][] = [];
    const run: RunFn = async (command, args) => {
      asked.push([command, ...args]);
      return { code: 0, stdout: 'method return time=1 sender=org.freedesktop.DBus\n   boolean true\n' };
    };
    await expect(trayVisible('linux', run)).resolves.toBe(true);
    expect(asked[0]).toContain('string:org.kde.StatusNotifierWatcher');
    expect(asked[0]![0]).toBe('dbus-send');
  });

  it('says there is none on plain GNOME, and when it cannot ask', async () => {
    await expect(trayVisible('linux', answering('   boolean false\n'))).resolves.toBe(false);
    await expect(trayVisible('linux', answering('', 1))).resolves.toBe(false);
    await expect(
      trayVisible('linux', async () => {
        throw new Error('spawn dbus-send ENOENT');
      }),
    ).resolves.toBe(false);
  });
});
