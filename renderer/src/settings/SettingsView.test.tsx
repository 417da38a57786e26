import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { engineSettings, FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import type { EngineSettings } from '../store/types';
import { SettingsView } from './SettingsView';

afterEach(cleanup);

/** An engine that applies `settings.set` to its settings the way the real one does for valid keys. */
function engine(initial: EngineSettings = engineSettings()) {
  let current = structuredClone(initial);
  return new FakeHoldfast().respond('settings.get', current).handle('settings.set', ({ key, value }) => {
    const next = structuredClone(current) as unknown as Record<string, Record<string, unknown>>;
    const [section, leaf] = key.split('.') as [string, string];
    next[section]![leaf] = value;
    current = next as unknown as EngineSettings;
    return { ok: true, value: current };
  });
}

const sets = (api: FakeHoldfast) => api.callsOf('settings.set');

describe('settings view', () => {
  it('sends each failover setting under its own key', async () => {
    const api = engine();
    await renderWithStore(<SettingsView />, { api });
    await act(async () => fireEvent.click(screen.getByTestId('setting-failover-enabled')));
    await act(async () => fireEvent.click(screen.getByTestId('setting-failover-enabled')));
    await act(async () => fireEvent.click(within(screen.getByTestId('sensitivity')).getByLabelText(/Fast/)));
    await act(async () => fireEvent.change(screen.getByTestId('setting-race-width'), { target: { value: '2' } }));
    await act(async () => fireEvent.click(screen.getByTestId('setting-return-to-preferred')));
    await act(async () => fireEvent.click(screen.getByTestId('setting-hot-standby')));
    expect(sets(api)).toEqual([
      { key: 'failover.enabled', value: false },
      { key: 'failover.enabled', value: true },
      { key: 'failover.sensitivity', value: 'fast' },
      { key: 'failover.raceWidth', value: 2 },
      { key: 'failover.returnToPreferred', value: false },
      { key: 'failover.hotStandby', value: true },
    ]);
    expect((screen.getByTestId('setting-return-after') as HTMLSelectElement).disabled).toBe(true);
  });

  it('shows the real timings of each sensitivity', async () => {
    await renderWithStore(<SettingsView />, { api: engine() });
    expect(screen.getByTestId('sensitivity-figures-fast').textContent).toBe(
      'Notices a dead server about 1.3 s after traffic stops getting answers (5.9 s when idle); gives each new server 4.0 s to answer.',
    );
    expect(screen.getByTestId('sensitivity-figures-patient').textContent).toContain('about 9.0 s');
    expect(screen.getByTestId('sensitivity-figures-patient').textContent).toContain('(36 s when idle)');
  });

  it('reorders, drops and brings back protocols as one list', async () => {
    const api = engine();
    await renderWithStore(<SettingsView />, { api });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Move OpenVPN over TCP, port 443 up' })));
    expect(sets(api).at(-1)).toEqual({
      key: 'failover.protocolOrder',
      value: ['wireguard-udp', 'openvpn-tcp:443', 'openvpn-udp', 'openvpn-tcp'],
    });
    const row = (entry: string) => screen.getByTestId('protocol-order').querySelector(`[data-entry="${entry}"]`)!;
    await act(async () => fireEvent.click(within(row('openvpn-udp') as HTMLElement).getByRole('checkbox')));
    expect(sets(api).at(-1)?.['value' as never]).toEqual(['wireguard-udp', 'openvpn-tcp:443', 'openvpn-tcp']);
    expect(row('openvpn-udp').className).toContain('order-row--off');
    await act(async () => fireEvent.click(within(row('openvpn-udp') as HTMLElement).getByRole('checkbox')));
    expect(sets(api).at(-1)?.['value' as never]).toEqual([
      'wireguard-udp',
      'openvpn-tcp:443',
      'openvpn-tcp',
      'openvpn-udp',
    ]);
  });

  it('switches the kill switch and the local network exception', async () => {
    const api = engine();
    await renderWithStore(<SettingsView />, { api });
    const section = screen.getByTestId('kill-switch-settings');
    expect(section.textContent).toContain('even if Holdfast crashes');
    await act(async () => fireEvent.click(screen.getByTestId('setting-allow-lan')));
    await act(async () => fireEvent.click(screen.getByTestId('setting-kill-switch')));
    expect(sets(api)).toEqual([
      { key: 'killSwitch.allowLan', value: true },
      { key: 'killSwitch.enabled', value: false },
    ]);
    expect((screen.getByTestId('setting-allow-lan') as HTMLInputElement).disabled).toBe(true);
  });

  it('lets a server on a private address through, and turns automatic latency measuring on, with the reasons shown', async () => {
    const api = engine();
    await renderWithStore(<SettingsView />, { api });
    expect(screen.getByTestId('kill-switch-settings').textContent).toContain("a censor's forged answer");
    expect(screen.getByTestId('server-settings').textContent).toContain('probing every server can give you away');
    const privateServers = screen.getByTestId('setting-allow-private-servers') as HTMLInputElement;
    const autoMeasure = screen.getByTestId('setting-auto-measure') as HTMLInputElement;
    expect([privateServers.checked, autoMeasure.checked]).toEqual([false, false]);
    await act(async () => fireEvent.click(privateServers));
    await act(async () => fireEvent.click(autoMeasure));
    expect(sets(api)).toEqual([
      { key: 'killSwitch.allowPrivateServerAddresses', value: true },
      { key: 'servers.autoMeasure', value: true },
    ]);
    expect([privateServers.checked, autoMeasure.checked]).toEqual([true, true]);
  });

  it('says calmly when the engine refuses a setting and keeps showing the engine value', async () => {
    const api = new FakeHoldfast().fail('settings.set', {
      code: 'settings-invalid',
      message: 'Unknown setting "failover.hotStandby". Run `holdfast settings get` to list them.',
    });
    await renderWithStore(<SettingsView />, { api });
    await act(async () => fireEvent.click(screen.getByTestId('setting-hot-standby')));
    const notice = within(screen.getByTestId('failover-settings')).getByRole('alert');
    expect(notice.textContent).toContain('Not saved. A setting has a value Holdfast cannot use.');
    expect(notice.querySelector('code')?.textContent).toBe('holdfast settings get');
    expect((screen.getByTestId('setting-hot-standby') as HTMLInputElement).checked).toBe(false);
    expect(within(screen.getByTestId('kill-switch-settings')).queryByRole('alert')).toBeNull();
  });

  it('forgets what failover learned about this network', async () => {
    const api = engine().respond('failover.forgetNetwork', { forgotten: true });
    await renderWithStore(<SettingsView />, { api });
    await act(async () => fireEvent.click(screen.getByTestId('forget-network')));
    expect(api.callsOf('failover.forgetNetwork')).toEqual([{}]);
    expect(screen.getByTestId('forget-network-result').textContent).toContain('starts afresh');
  });

  it('forgets a saved OpenVPN password', async () => {
    const oslo: ProfileSummary = {
      id: 'p-oslo',
      name: 'Oslo',
      kind: 'openvpn',
      sourceFile: 'oslo.ovpn',
      importedAt: '2030-01-01T00:00:00.000Z',
      endpoints: [],
      warnings: [],
    };
    const api = engine().respond('profiles.list', [oslo]).respond('credentials.forget', { forgotten: true });
    await renderWithStore(<SettingsView />, { api });
    await act(async () => fireEvent.click(screen.getByTestId('forget-sign-in')));
    expect(api.callsOf('credentials.forget')).toEqual([{ profileId: 'p-oslo' }]);
    expect(screen.getByTestId('saved-sign-ins').textContent).toContain('Forgotten for Oslo');
  });
});
