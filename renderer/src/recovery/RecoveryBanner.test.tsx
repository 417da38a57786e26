import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { App } from '../app/App';
import { FakeHoldfast, snapshot } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';

afterEach(cleanup);

const berlin: ProfileSummary = {
  id: 'p-berlin',
  name: 'Berlin 1',
  kind: 'wireguard',
  sourceFile: 'berlin.conf',
  importedAt: '2030-01-01T00:00:00.000Z',
  endpoints: ['192.0.2.10:51820'],
  warnings: [],
};

const blocked = { blocked: true, detail: 'nftables table inet holdfast left by pid 4242' };

describe('recovery banner', () => {
  it('says the network is blocked by a crashed session and unblocks it', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [berlin])
      .respond('recovery.status', blocked)
      .respond('recovery.clear', { blocked: false, detail: null });
    await renderWithStore(<App />, { api });
    const banner = screen.getByTestId('recovery-banner');
    expect(banner.textContent).toContain(
      'Your network is blocked by a previous Holdfast session that ended unexpectedly',
    );
    expect(banner.textContent).toContain('pid 4242');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Unblock' })));
    expect(api.callsOf('recovery.clear')).toEqual([{}]);
    expect(screen.queryByTestId('recovery-banner')).toBeNull();
  });

  it('reconnects, and asks again once connected', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [berlin])
      .respond('recovery.status', blocked)
      .respond(
        'connection.connect',
        snapshot({ state: 'connecting', profileId: 'p-berlin', since: '2030-01-01T00:00:01.000Z' }),
      );
    await renderWithStore(<App />, { api });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Reconnect' })));
    expect(api.callsOf('connection.connect')).toEqual([{ profileId: 'p-berlin' }]);
    api.respond('recovery.status', { blocked: false, detail: null });
    await act(async () =>
      api.emit({
        type: 'state',
        at: '2030-01-01T00:00:02.000Z',
        state: 'connected',
        profile: 'p-berlin',
        reason: 'ok',
      }),
    );
    expect(api.callsOf('recovery.status')).toHaveLength(2);
    expect(screen.queryByTestId('recovery-banner')).toBeNull();
  });

  it('never shows while a connection runs: the rules in place are its own', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [berlin])
      .respond('recovery.status', blocked)
      .respond(
        'connection.snapshot',
        snapshot({ state: 'connected', profileId: 'p-berlin', since: '2030-01-01T00:00:01.000Z' }),
      );
    await renderWithStore(<App />, { api });
    expect(screen.queryByTestId('recovery-banner')).toBeNull();
    api.respond('recovery.status', { blocked: false, detail: null });
    await act(async () =>
      api.emit({ type: 'state', at: '2030-01-01T00:00:05.000Z', state: 'disconnected', profile: null, reason: 'you' }),
    );
    expect(api.callsOf('recovery.status')).toHaveLength(2);
    expect(screen.queryByTestId('recovery-banner')).toBeNull();
  });

  it('keeps the banner and says why when unblocking is refused', async () => {
    const api = new FakeHoldfast()
      .respond('recovery.status', blocked)
      .fail('recovery.clear', { code: 'storage-failed', message: 'nft: Operation not permitted' });
    await renderWithStore(<App />, { api });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Unblock' })));
    expect(screen.getByTestId('recovery-banner').textContent).toContain('could not read or save its files');
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull();
  });
});
