import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../preload/contract';
import { appInfo, engineSettings, FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { SettingsView } from './SettingsView';

afterEach(cleanup);

const api = (info: Partial<AppInfo>) =>
  new FakeHoldfast()
    .respond('app.info', appInfo(info))
    .respond('settings.get', engineSettings())
    .handle('settings.set', () => ({ ok: true, value: engineSettings() }));

const capabilities = (tray?: boolean) => ({
  capabilities: { importDialog: true, systemNotifications: true, ...(tray === undefined ? {} : { tray }) },
});

describe('start minimised to the tray', () => {
  it('is offered where a tray icon can be seen, and saved in the engine settings', async () => {
    const fake = api(capabilities(true));
    await renderWithStore(<SettingsView />, { api: fake });
    await act(async () => fireEvent.click(screen.getByTestId('setting-start-minimized')));
    expect(fake.callsOf('settings.set')).toEqual([{ key: 'ui.startMinimized', value: true }]);
  });

  it('is replaced by a plain note where no tray icon can be seen', async () => {
    await renderWithStore(<SettingsView />, { api: api(capabilities(false)) });
    expect(screen.queryByTestId('setting-start-minimized')).toBeNull();
    expect(screen.getByTestId('start-minimized-no-tray').textContent).toMatch(/shows no tray icons/);
  });

  it('is not offered where there is no desktop shell at all', async () => {
    await renderWithStore(<SettingsView />, { api: api(capabilities(undefined)) });
    expect(screen.queryByTestId('setting-start-minimized')).toBeNull();
    expect(screen.queryByTestId('start-minimized-no-tray')).toBeNull();
  });

  it('speaks Simplified Chinese', async () => {
    await renderWithStore(<SettingsView />, { api: api(capabilities(true)), language: 'zh-CN' });
    expect(screen.getByText('启动时最小化到托盘')).toBeTruthy();
  });
});

describe('About: what works where', () => {
  it('lists every system and marks the one running', async () => {
    await renderWithStore(<SettingsView />, { api: api({ platform: 'linux', distribution: 'package' }) });
    const rows = screen.getByTestId('platform-support');
    expect(rows.textContent).toMatch(/Linux.*Supported/);
    expect(screen.getByTestId('platform-darwin').textContent).toMatch(/macOS.*Preview.*cannot connect yet/);
    expect(screen.getByTestId('platform-win32').textContent).toMatch(/Windows.*Preview/);
    expect(screen.getByTestId('platform-linux').textContent).toContain('(This system)');
  });

  it('marks the AppImage as the running one when it is', async () => {
    await renderWithStore(<SettingsView />, { api: api({ platform: 'linux', distribution: 'appimage' }) });
    expect(screen.getByTestId('platform-appimage').textContent).toMatch(/\(This system\).*cannot connect on its own/);
    expect(screen.getByTestId('platform-linux').textContent).not.toContain('(This system)');
  });
});
