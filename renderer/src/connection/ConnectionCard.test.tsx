import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { apiOnTokyo, TOKYO } from '../test/connection-fixtures';
import { FakeHoldfast, snapshot } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { App } from '../app/App';
import { ConnectionCard } from './ConnectionCard';

afterEach(cleanup);

const button = () => screen.getByTestId('connect-button');
const stateText = () => screen.getByTestId('connection-state').textContent;

describe('ConnectionCard', () => {
  it('asks for a profile when there is none and cannot connect', async () => {
    await renderWithStore(<ConnectionCard />);
    expect(screen.getByText('Import a profile to connect.')).toBeTruthy();
    expect((button() as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends connection.connect with the first profile', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [TOKYO])
      .respond(
        'connection.connect',
        snapshot({ state: 'connecting', profileId: 'p-tokyo', since: '2030-01-01T00:00:01.000Z' }),
      );
    await renderWithStore(<ConnectionCard />, { api });
    expect(screen.getByText('Will connect with Tokyo 1')).toBeTruthy();
    await act(async () => fireEvent.click(button()));
    expect(api.callsOf('connection.connect')).toEqual([{ profileId: 'p-tokyo' }]);
    expect(stateText()).toBe('Connecting…');
    expect(button().textContent).toBe('Cancel');
  });

  it('shows live counters when connected and disconnects with the same button', async () => {
    const api = apiOnTokyo({ state: 'connected' }).respond(
      'connection.disconnect',
      snapshot({ since: '2030-01-01T00:01:00.000Z' }),
    );
    await renderWithStore(<ConnectionCard />, { api });
    const sample = (at: string, rx: number, tx: number) =>
      api.emit({
        type: 'status',
        at,
        profile: 'Tokyo 1',
        interfaceName: 'hf0',
        endpoint: '198.51.100.7:51820',
        tunnelAddresses: ['10.66.0.2/32'],
        rxBytes: rx,
        txBytes: tx,
        handshakeAgeMs: 12_400,
        uptimeMs: 192_000,
      });
    act(() => {
      sample('2030-01-01T00:00:10.000Z', 1024, 512);
      sample('2030-01-01T00:00:11.000Z', 3072, 1024);
    });
    expect(stateText()).toBe('Connected');
    expect(screen.getByTestId('stat-rx').textContent).toBe('3.0 KB2.0 KB/s');
    expect(screen.getByTestId('stat-tx').textContent).toBe('1.0 KB512 B/s');
    expect(screen.getByTestId('stat-handshake').textContent).toBe('12 s ago');
    expect(screen.getByTestId('stat-uptime').textContent).toBe('3 min 12 s');
    expect(screen.getByTestId('stat-endpoint').textContent).toBe('198.51.100.7:51820');

    await act(async () => fireEvent.click(button()));
    expect(api.callsOf('connection.disconnect')).toEqual([{}]);
    expect(stateText()).toBe('Disconnected');
    expect(screen.queryByTestId('live-stats')).toBeNull();
  });

  it('puts a failed connect into words, by code, in the chosen language', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [TOKYO])
      .fail('connection.connect', { code: 'not-privileged', message: 'Starting a tunnel needs root (uid 0).' });
    await renderWithStore(<ConnectionCard />, { api, language: 'zh-CN' });
    await act(async () => fireEvent.click(button()));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('建立隧道需要管理员权限');
    // The engine's own sentence stays available for a support request.
    expect(alert.textContent).toContain('Starting a tunnel needs root (uid 0).');
  });

  it('says calmly that it keeps trying while a retry is under way', async () => {
    const { api } = await renderWithStore(<ConnectionCard />, {
      api: new FakeHoldfast().respond('profiles.list', [TOKYO]),
    });
    act(() =>
      api.emit({
        type: 'state',
        at: '2030-01-01T00:00:03.000Z',
        state: 'connecting',
        profile: 'p-tokyo',
        reason: 'trying again in 2 s',
        error: { code: 'tunnel-failed', message: 'wg: Name or service not known' },
      }),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    const notice = screen.getAllByRole('status').find((el) => el.classList.contains('notice--retrying'))!;
    expect(notice.textContent).toContain('Holdfast keeps trying');
    expect(notice.textContent).toContain('The tunnel could not be started.');
    expect(stateText()).toBe('Connecting…');
  });

  it('shows the error carried by a failed state', async () => {
    const { api } = await renderWithStore(<ConnectionCard />, {
      api: new FakeHoldfast().respond('profiles.list', [TOKYO]),
    });
    act(() =>
      api.emit({
        type: 'state',
        at: '2030-01-01T00:00:03.000Z',
        state: 'failed',
        profile: 'Tokyo 1',
        reason: 'no reply',
        error: { code: 'no-data-through-tunnel', message: 'no reply through hf0' },
      }),
    );
    expect(stateText()).toBe('Connection failed');
    expect(screen.getByRole('alert').textContent).toContain('no data came back through the tunnel');
    expect(button().textContent).toBe('Connect');
  });

  it('says in words what happened and what Holdfast is doing while it fails over', async () => {
    const { api } = await renderWithStore(<ConnectionCard />, {
      api: apiOnTokyo({ state: 'connected' }),
    });
    act(() => {
      api.emit({
        type: 'drop',
        at: '2030-01-01T00:01:00.000Z',
        profile: 'p-tokyo',
        reason: 'no answer through the tunnel for 2.0 s',
        detectedAfterMs: 2100,
      });
      api.emit({
        type: 'state',
        at: '2030-01-01T00:01:00.100Z',
        state: 'failing-over',
        profile: 'p-tokyo',
        reason: 'trying Osaka 2 over TCP 443, Paris over WireGuard',
      });
    });
    expect(stateText()).toBe('Switching server…');
    const detail = screen.getByTestId('state-detail').textContent;
    expect(detail).toContain('The connection dropped (noticed after 2.1 s): no answer through the tunnel for 2.0 s');
    expect(detail).toContain('Switching server: trying Osaka 2 over TCP 443, Paris over WireGuard');
    // The kill switch is on by default: nothing leaks while this goes on.
    expect(detail).toContain('Your traffic stays blocked');

    act(() => {
      api.emit({
        type: 'failover',
        at: '2030-01-01T00:01:03.000Z',
        from: 'Tokyo 1',
        to: 'Osaka 2',
        reason: 'no answer through the tunnel for 2.0 s',
      });
      api.emit({ type: 'state', at: '2030-01-01T00:01:03.100Z', state: 'connected', profile: 'p-osaka', reason: 'ok' });
    });
    expect(stateText()).toBe('Connected');
    expect(screen.getByTestId('state-detail').textContent).toContain('Moved here from Tokyo 1.');

    // A first connect that only worked on another route is not "back after a drop": there was no connection.
    act(() => {
      api.emit({
        type: 'failover',
        at: '2030-01-01T00:02:00.000Z',
        from: 'Osaka 2',
        to: 'Osaka 2',
        reason: 'no data came through within 6 s',
        detectedBy: 'connect-failed',
      });
      api.emit({ type: 'state', at: '2030-01-01T00:02:00.100Z', state: 'connected', profile: 'p-osaka', reason: 'ok' });
    });
    const firstTry = screen.getByTestId('state-detail').textContent;
    expect(firstTry).toContain('Connected after the first try failed:');
    expect(firstTry).not.toContain('Back after a drop');
  });

  it('says how a drop was noticed in the chosen language, keeping the English of the engine for the tooltip', async () => {
    const { api } = await renderWithStore(<ConnectionCard />, {
      api: apiOnTokyo({ state: 'connected' }),
      language: 'zh-CN',
    });
    const reason = 'the network reports the server unreachable; nothing came back for 0.6 s';
    act(() => {
      api.emit({
        type: 'drop',
        at: '2030-01-01T00:01:00.000Z',
        profile: 'p-tokyo',
        reason,
        detectedAfterMs: 600,
        detectedBy: 'server-unreachable',
      });
      api.emit({ type: 'state', at: '2030-01-01T00:01:00.1Z', state: 'failing-over', profile: 'p-tokyo', reason: 'x' });
    });
    const dropping = screen.getByTestId('state-detail');
    expect(dropping.textContent).toContain('网络报告服务器不可达');
    expect(dropping.textContent).not.toContain(reason);
    expect(within(dropping).getByTitle(reason)).toBeTruthy();

    act(() => {
      api.emit({
        type: 'failover',
        at: '2030-01-01T00:01:02.000Z',
        from: 'Tokyo 1',
        to: 'Osaka 2',
        reason,
        detectedBy: 'server-unreachable',
      });
      api.emit({ type: 'state', at: '2030-01-01T00:01:02.1Z', state: 'connected', profile: 'p-osaka', reason: 'ok' });
    });
    const moved = screen.getByTestId('state-detail').textContent ?? '';
    expect(moved).toContain('网络报告服务器不可达');
    expect(moved).not.toContain('nothing came back');
  });

  it('tells the user what to do after a failure', async () => {
    const { api } = await renderWithStore(<App />, {
      api: new FakeHoldfast().respond('profiles.list', [TOKYO]),
    });
    act(() =>
      api.emit({
        type: 'state',
        at: '2030-01-01T00:00:03.000Z',
        state: 'failed',
        profile: 'p-tokyo',
        reason: 'weak',
        error: { code: 'encryption-too-weak', message: 'The server uses BF-CBC (128-bit key).' },
      }),
    );
    expect(screen.getByTestId('state-detail').textContent).toContain('lower the minimum encryption in Settings');
    fireEvent.click(screen.getByRole('button', { name: 'Open settings' }));
    expect(screen.getByTestId('security-settings')).toBeTruthy();
  });
});

describe('ConnectionCard: a known cause while Holdfast keeps trying', () => {
  const cause = {
    code: 'server-push-refused' as const,
    message: 'The server insists on compression, which Holdfast refuses because it leaks what you send.',
    params: { option: 'compression' },
  };

  it('says why in words while connecting, not only "connecting"', async () => {
    const api = apiOnTokyo({
      state: 'connecting',
      reason: 'every server is cooling down; next try in 4 s',
      error: cause,
    });
    await renderWithStore(<ConnectionCard />, { api });
    const notice = document.querySelector('[data-error-code="server-push-refused"]');
    expect(notice?.textContent).toContain('insists on compression');
    expect(notice?.textContent).toContain('Ask the provider to turn it off');
  });

  it('says it while failing over too, in the chosen language', async () => {
    const api = apiOnTokyo({ state: 'failing-over', reason: 'trying Tokyo 1 over UDP 1194', error: cause });
    await renderWithStore(<ConnectionCard />, { api, language: 'zh-CN' });
    expect(screen.getByTestId('state-detail-cause').textContent).toContain('服务器坚持使用压缩');
  });
});
