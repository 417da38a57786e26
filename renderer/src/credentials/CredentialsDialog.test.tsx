import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialsRequestEvent } from '../../../main/core/events';
import { App } from '../app/App';
import { appInfo, FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';

afterEach(cleanup);

const request = (patch: Partial<CredentialsRequestEvent> = {}): CredentialsRequestEvent => ({
  type: 'credentials-request',
  at: '2030-01-01T00:00:01.000Z',
  requestId: 'req-1',
  profile: 'p-ams',
  profileName: 'Amsterdam',
  previousFailed: false,
  ...patch,
});

const SECRET = 'correct horse battery staple';

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('credentials dialog', () => {
  it('asks for a username and password, sends them once and keeps no password anywhere', async () => {
    const api = new FakeHoldfast().respond('credentials.provide', { accepted: true });
    const { store } = await renderWithStore(<App />, { api });
    expect(screen.queryByTestId('credentials-dialog')).toBeNull();
    act(() => api.emit(request()));

    const dialog = screen.getByTestId('credentials-dialog');
    expect(dialog.textContent).toContain('Sign in to Amsterdam');
    expect(screen.queryByTestId('credentials-refused')).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText('User name'));
    type('User name', 'alice');
    type('Password', SECRET);
    fireEvent.click(screen.getByLabelText('Remember on this computer'));
    // Typing stays in the form: the store never sees the password.
    expect(JSON.stringify(store.getState())).not.toContain(SECRET);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' })));
    expect(api.callsOf('credentials.provide')).toEqual([
      { requestId: 'req-1', username: 'alice', password: SECRET, remember: true },
    ]);
    expect(screen.queryByTestId('credentials-dialog')).toBeNull();
    expect(JSON.stringify(store.getState())).not.toContain(SECRET);
    expect(document.body.innerHTML).not.toContain(SECRET);

    // The next question starts empty.
    act(() => api.emit(request({ requestId: 'req-2' })));
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('User name') as HTMLInputElement).value).toBe('');
  });

  it('cancels with credentials.cancel and says when the server refused the last answer', async () => {
    const api = new FakeHoldfast().respond('credentials.cancel', { cancelled: true });
    await renderWithStore(<App />, { api });
    act(() => api.emit(request({ previousFailed: true })));
    expect(screen.getByTestId('credentials-refused').textContent).toContain('refused the last user name or password');
    type('Password', SECRET);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(api.callsOf('credentials.cancel')).toEqual([{ requestId: 'req-1' }]);
    expect(api.callsOf('credentials.provide')).toEqual([]);
    expect(screen.queryByTestId('credentials-dialog')).toBeNull();
  });

  it('cancels on Escape but not on a stray click beside it', async () => {
    const api = new FakeHoldfast().respond('credentials.cancel', { cancelled: true });
    await renderWithStore(<App />, { api });
    act(() => api.emit(request()));
    fireEvent.mouseDown(document.querySelector('.dialog-backdrop')!);
    expect(screen.getByTestId('credentials-dialog')).toBeTruthy();
    await act(async () => fireEvent.keyDown(document, { key: 'Escape' }));
    expect(api.callsOf('credentials.cancel')).toEqual([{ requestId: 'req-1' }]);
  });

  it('explains how a remembered password is sealed, from the vault main reports', async () => {
    const api = new FakeHoldfast().respond('app.info', appInfo({ vault: { backend: 'file', strength: 'file-key' } }));
    await renderWithStore(<App />, { api });
    act(() => api.emit(request()));
    const hint = screen.getByLabelText('Remember on this computer').getAttribute('aria-describedby')!;
    expect(document.getElementById(hint)?.textContent).toContain("sealed with Holdfast's key file");
  });

  it('closes the question when the attempt that asked it ends', async () => {
    const api = new FakeHoldfast();
    await renderWithStore(<App />, { api });
    act(() => api.emit(request()));
    act(() =>
      api.emit({
        type: 'state',
        at: '2030-01-01T00:00:02.000Z',
        state: 'disconnected',
        profile: null,
        reason: 'you disconnected',
      }),
    );
    expect(screen.queryByTestId('credentials-dialog')).toBeNull();
  });
});
