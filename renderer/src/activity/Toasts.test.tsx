import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app/App';
import { appInfo, FakeHoldfast } from '../test/fake-holdfast';
import { notification } from '../test/incident-fixtures';
import { renderWithStore } from '../test/render-app';
import { TOAST_MS } from './Toasts';

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const toasts = () => screen.queryAllByTestId('toast');

describe('toasts', () => {
  it('shows one calm toast per notification, translated by code, and hides it after a while', async () => {
    const { api } = await renderWithStore(<App />, { focused: true });
    act(() => api.emit(notification()));
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0]!.textContent).toContain('Reconnected');
    expect(toasts()[0]!.textContent).toContain(
      'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
    );
    act(() => vi.advanceTimersByTime(TOAST_MS + 100));
    expect(toasts()).toHaveLength(0);
  });

  it('titles a first connect that worked another way "Connected", not "Reconnected"', async () => {
    const first = notification({
      code: 'failover.connected',
      params: {
        from: 'Tokyo 1',
        to: 'Tokyo 1',
        transport: 'Shadowsocks · WireGuard',
        seconds: 8,
        detectedBy: 'connect-failed',
      },
    });
    const { api } = await renderWithStore(<App />, { focused: true });
    act(() => api.emit(first));
    const text = toasts()[0]!.textContent ?? '';
    expect(text).toContain('Connected');
    expect(text).not.toContain('Reconnected');
    expect(text).toContain(
      'Tokyo 1 could not be reached; connected through Tokyo 1 over Shadowsocks · WireGuard in 8.0 s.',
    );
  });

  it('does not pile up while a server flaps', async () => {
    const { api } = await renderWithStore(<App />, { focused: true });
    act(() => {
      for (let i = 0; i < 10; i += 1)
        api.emit(notification({ incidentId: `inc-${i}`, at: `2030-01-01T10:00:0${i}.000Z` }));
    });
    expect(toasts()).toHaveLength(3);
    act(() => api.emit(notification({ incidentId: 'inc-9', kind: 'restored', code: 'failover.restored' })));
    expect(toasts()).toHaveLength(3);
  });

  it('can be dismissed, and one that needs the user stays until then', async () => {
    const { api } = await renderWithStore(<App />, { focused: true });
    act(() =>
      api.emit(
        notification({
          kind: 'needs-user',
          code: 'failover.needs-user',
          title: 'Holdfast needs you',
          body: 'Tokyo 1: the server refused the password. Holdfast does not switch servers over this; it needs you',
          params: { server: 'Tokyo 1', detail: 'the server refused the password' },
        }),
      ),
    );
    act(() => vi.advanceTimersByTime(TOAST_MS * 3));
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0]!.textContent).toContain('Holdfast needs you');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(toasts()).toHaveLength(0);
  });

  it('opens the timeline from a toast', async () => {
    const { api } = await renderWithStore(<App />, { focused: true, language: 'zh-CN' });
    act(() => api.emit(notification()));
    expect(toasts()[0]!.textContent).toContain('已在 3.1 秒内通过 Osaka 2（TCP 443）重新连接');
    fireEvent.click(screen.getByRole('button', { name: '查看经过' }));
    expect(screen.getByTestId('activity-empty')).toBeTruthy();
    expect(toasts()).toHaveLength(0);
  });

  it('leaves a background window to the system notification when the shell shows one', async () => {
    const api = new FakeHoldfast().respond(
      'app.info',
      appInfo({ capabilities: { importDialog: true, systemNotifications: true } }),
    );
    await renderWithStore(<App />, { api, focused: false });
    act(() => api.emit(notification()));
    expect(toasts()).toHaveLength(0);
  });
});
