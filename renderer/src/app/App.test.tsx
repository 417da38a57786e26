import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { appInfo, FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { App } from './App';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

const nav = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('App', () => {
  it('explains calmly when tunnels cannot start, using the hint from main', async () => {
    const api = new FakeHoldfast().respond(
      'app.info',
      appInfo({ privileged: false, privilegeHint: 'Run with sudo to connect.' }),
    );
    await renderWithStore(<App />, { api });
    expect(screen.getByText('Tunnels need administrator rights')).toBeTruthy();
    expect(screen.getByText('Run with sudo to connect.')).toBeTruthy();
  });

  it('says plainly that a preview system cannot connect, even with administrator rights', async () => {
    const api = new FakeHoldfast().respond('app.info', appInfo({ platform: 'darwin', privileged: true }));
    await renderWithStore(<App />, { api });
    expect(screen.getByText('Connecting is not available on this system yet')).toBeTruthy();
    expect(screen.getByText(/This is a preview for macOS/)).toBeTruthy();
  });

  it('tells an AppImage user which package to install to connect', async () => {
    const api = new FakeHoldfast().respond(
      'app.info',
      appInfo({ privileged: false, privilegeHint: 'English hint from main', distribution: 'appimage' }),
    );
    await renderWithStore(<App />, { api });
    expect(screen.getByText('Install the package to connect')).toBeTruthy();
    expect(screen.getByText(/Install the \.deb \(Debian, Ubuntu\) or \.rpm \(Fedora\) package/)).toBeTruthy();
  });

  it('shows no banner when privileged', async () => {
    await renderWithStore(<App />);
    expect(screen.queryByText('Tunnels need administrator rights')).toBeNull();
  });

  it('moves between the four views and marks the current one', async () => {
    await renderWithStore(<App />);
    const current = () => screen.getByRole('navigation').querySelector('[aria-current="page"]')?.textContent;
    expect(current()).toBe('Connection');
    expect(screen.getByTestId('connection-state')).toBeTruthy();
    nav('Servers');
    expect(current()).toBe('Servers');
    expect(screen.getByTestId('profiles-empty')).toBeTruthy();
    nav('Activity');
    expect(screen.getByTestId('activity-empty')).toBeTruthy();
    nav('Settings');
    expect(screen.getByTestId('failover-settings')).toBeTruthy();
    expect(screen.queryByTestId('connection-state')).toBeNull();
  });

  it('mentions a weaker secret store only in settings', async () => {
    const api = new FakeHoldfast().respond(
      'app.info',
      appInfo({
        vault: {
          backend: 'file',
          strength: 'file-key',
          warning: 'Anyone who can read the data folder can read the keys.',
        },
      }),
    );
    await renderWithStore(<App />, { api });
    expect(screen.queryByTestId('vault-warning')).toBeNull();
    nav('Settings');
    expect(screen.getByTestId('vault-strength').textContent).toBe('encrypted with a key file on this computer');
    expect(screen.getByTestId('vault-warning').textContent).toContain('weaker than the system keychain');
  });

  it('switches language and theme from settings', async () => {
    await renderWithStore(<App />);
    nav('Settings');
    await act(async () => fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } }));
    expect(screen.getByRole('heading', { name: '显示' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '设置' }).getAttribute('aria-current')).toBe('page');
    expect(document.documentElement.lang).toBe('zh-CN');
    fireEvent.change(screen.getByLabelText('外观'), { target: { value: 'dark' } });
    expect(document.documentElement.dataset.theme).toBe('dark');
  });
});
