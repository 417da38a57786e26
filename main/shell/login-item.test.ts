import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applyLoginItem,
  autostartEntry,
  desktopExecArg,
  launchAtLoginSetting,
  planLoginItem,
  type LoginItemContext,
} from './login-item';

const context = (patch: Partial<LoginItemContext> = {}): LoginItemContext => ({
  platform: 'linux',
  enabled: true,
  packaged: true,
  execPath: '/opt/Holdfast/holdfast-desktop',
  configHome: '/home/ada/.config',
  ...patch,
});

const electronPorts = (openAtLogin: boolean) => ({
  getLoginItemSettings: vi.fn(() => ({ openAtLogin })),
  setLoginItemSettings: vi.fn(),
});

describe('launchAtLoginSetting', () => {
  it('reads ui.launchAtLogin, treating anything but true as off', () => {
    expect(launchAtLoginSetting({ ui: { launchAtLogin: true } })).toBe(true);
    expect(launchAtLoginSetting({ ui: { language: 'en' } })).toBe(false);
    expect(launchAtLoginSetting({ ui: { launchAtLogin: 'true' } })).toBe(false);
    expect(launchAtLoginSetting(undefined)).toBe(false);
  });
});

describe('planLoginItem', () => {
  it('uses the login item on macOS and Windows, starting in the tray', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(planLoginItem(context({ platform }))).toEqual({
        kind: 'login-item',
        openAtLogin: true,
        args: ['--hidden'],
      });
      expect(planLoginItem(context({ platform, enabled: false }))).toMatchObject({ openAtLogin: false });
    }
  });

  it('writes an XDG autostart entry on Linux, and plans its removal when off', () => {
    const plan = planLoginItem(context());
    expect(plan).toMatchObject({ kind: 'autostart-file', file: '/home/ada/.config/autostart/holdfast.desktop' });
    expect(plan.kind === 'autostart-file' && plan.content).toContain(
      'Exec="/opt/Holdfast/holdfast-desktop" --hidden\n',
    );
    expect(planLoginItem(context({ enabled: false }))).toMatchObject({ kind: 'autostart-file', content: null });
  });

  it('starts the AppImage itself, not its temporary mount', () => {
    const plan = planLoginItem(
      context({ execPath: '/tmp/.mount_HoldfXYZ/holdfast-desktop', appImagePath: '/home/ada/Apps/Holdfast.AppImage' }),
    );
    expect(plan.kind === 'autostart-file' && plan.content).toContain(
      'Exec="/home/ada/Apps/Holdfast.AppImage" --hidden',
    );
  });

  it('leaves the system alone in development, where the executable is bare Electron', () => {
    expect(planLoginItem(context({ packaged: false, platform: 'win32' })).kind).toBe('skip');
  });
});

describe('desktopExecArg', () => {
  it('quotes the path and escapes what the desktop entry format reserves', () => {
    expect(desktopExecArg('/opt/My Apps/holdfast')).toBe('"/opt/My Apps/holdfast"');
    // `$` is escaped inside quotes (\$), then the backslash is escaped for the string type (\\$).
    expect(desktopExecArg('/opt/$HOME/a"b')).toBe('"/opt/\\\\$HOME/a\\\\"b"');
    expect(desktopExecArg('/opt/100%/x')).toBe('"/opt/100%%/x"');
    expect(desktopExecArg('/opt/back\\slash')).toBe('"/opt/back\\\\\\\\slash"');
  });

  it('refuses a path with a line break, which would end the Exec key', () => {
    expect(() => desktopExecArg('/opt/x\n[Desktop Entry]')).toThrow(/control character/);
  });
});

describe('applyLoginItem', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('registers or unregisters the login item only when it differs', async () => {
    const off = electronPorts(false);
    await expect(applyLoginItem({ kind: 'login-item', openAtLogin: true, args: ['--hidden'] }, off)).resolves.toBe(
      'Holdfast now starts at login',
    );
    expect(off.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    // Windows matches the registered item by its arguments: the query passes the same ones.
    expect(off.getLoginItemSettings).toHaveBeenCalledWith({ args: ['--hidden'] });

    const on = electronPorts(true);
    await expect(applyLoginItem({ kind: 'login-item', openAtLogin: true, args: ['--hidden'] }, on)).resolves.toBeNull();
    expect(on.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('writes, keeps and removes its own autostart entry, and never one the user wrote', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'holdfast-autostart-'));
    const ports = electronPorts(false);
    const on = planLoginItem(context({ configHome: dir }));
    const off = planLoginItem(context({ configHome: dir, enabled: false }));
    const file = path.join(dir, 'autostart', 'holdfast.desktop');

    await expect(applyLoginItem(on, ports)).resolves.toMatch(/now starts at login/);
    expect(await readFile(file, 'utf8')).toBe(autostartEntry('/opt/Holdfast/holdfast-desktop'));
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    await expect(applyLoginItem(on, ports)).resolves.toBeNull();

    await expect(applyLoginItem(off, ports)).resolves.toMatch(/no longer starts at login/);
    await expect(stat(file)).rejects.toThrow();
    await expect(applyLoginItem(off, ports)).resolves.toBeNull();

    const handWritten = '[Desktop Entry]\nType=Application\nName=Holdfast\nExec=holdfast-desktop\n';
    await writeFile(file, handWritten);
    await expect(applyLoginItem(off, ports)).resolves.toBeNull();
    expect(await readFile(file, 'utf8')).toBe(handWritten);
    expect(ports.setLoginItemSettings).not.toHaveBeenCalled();
  });
});
