import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DisguiseListing, DisguiseSummary } from '../../../main/core/disguise/disguise-listing';
import type { ServerEntry, ServerListing } from '../../../main/core/service/server-listing';
import { FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { ServersCard } from './ServersCard';

afterEach(cleanup);

function server(key: string, name: string): ServerEntry {
  return {
    key,
    name,
    customName: false,
    automaticName: name,
    country: null,
    customCountry: false,
    city: null,
    customPlace: false,
    favourite: false,
    lastUsedAt: null,
    latency: null,
    hosts: [key],
    transports: [],
    profiles: [{ id: `${name.toLowerCase()}-wg`, name, assigned: false }],
    preferred: false,
    state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: null },
  };
}

const SERVERS: ServerListing = {
  preferredServer: null,
  preferredMissing: false,
  servers: [server('osaka.example.net', 'Osaka'), server('tokyo.example.net', 'Tokyo')],
};

function disguise(id: string, patch: Partial<DisguiseSummary>): DisguiseSummary {
  return {
    id,
    kind: 'shadowsocks',
    host: 'tokyo.example.net',
    port: 8388,
    label: null,
    text: '',
    detail: 'chacha20-ietf-poly1305',
    serverKey: null,
    attachment: 'auto',
    serverMissing: false,
    sourceFile: 'mine.txt',
    importedAt: '2030-01-01T00:00:00.000Z',
    ...patch,
  };
}

/** A fake engine that keeps the disguises and answers changes the way the core does (the new list). */
function fakeEngine() {
  const all = [
    disguise('d-ss', { serverKey: 'tokyo.example.net', label: 'Tokyo SS' }),
    disguise('d-obfs4', { kind: 'obfs4', host: '2001:db8::5', port: 443, detail: 'iat-mode=0' }),
    disguise('d-tls', {
      kind: 'tls',
      host: '192.0.2.9',
      port: 443,
      detail: 'sni=www.example.org',
      attachment: 'detached',
    }),
  ];
  const listing = (): DisguiseListing => {
    const byServer: Record<string, DisguiseSummary[]> = {};
    for (const d of all) if (d.serverKey !== null) (byServer[d.serverKey] ??= []).push(d);
    return { byServer, unattached: all.filter((d) => d.serverKey === null) };
  };
  const update = (id: string, patch: Partial<DisguiseSummary>) => {
    const index = all.findIndex((d) => d.id === id);
    if (index < 0) return { ok: false as const, error: { code: 'disguise-not-found' as const, message: `no ${id}` } };
    all[index] = { ...all[index]!, ...patch };
    return { ok: true as const, value: listing() };
  };
  const api = new FakeHoldfast();
  api.respond('servers.list', SERVERS);
  api.handle('disguises.list', () => ({ ok: true, value: listing() }));
  api.handle('disguises.attach', ({ id, serverKey }) => update(id, { serverKey, attachment: 'server' }));
  api.handle('disguises.detach', ({ id }) => update(id, { serverKey: null, attachment: 'detached' }));
  api.handle('disguises.remove', ({ id }) => {
    const index = all.findIndex((d) => d.id === id);
    if (index >= 0) all.splice(index, 1);
    return { ok: true, value: { removed: index >= 0, listing: listing() } };
  });
  return api;
}

const serverCard = (key: string) => screen.getAllByTestId('server-item').find((el) => el.dataset.serverKey === key)!;

describe('disguises in the server list', () => {
  it('shows each server’s disguises with kind, host:port and label, and the unattached ones apart', async () => {
    await renderWithStore(<ServersCard />, { api: fakeEngine() });
    const tokyo = within(serverCard('tokyo.example.net')).getByRole('list', { name: 'Disguises for Tokyo' });
    expect(within(tokyo).getByTestId('disguise').textContent).toBe(
      'Shadowsocks tokyo.example.net:8388 · Tokyo SS · chacha20-ietf-poly1305DetachRemove',
    );
    expect(within(serverCard('osaka.example.net')).queryByTestId('disguise')).toBeNull();

    const unattached = screen.getByTestId('unattached');
    expect(within(unattached).getByRole('heading').textContent).toBe('Unattached disguises');
    expect(
      within(unattached)
        .getAllByTestId('disguise')
        .map((el) => el.dataset.disguiseId),
    ).toEqual(['d-obfs4', 'd-tls']);
    // IPv6 in brackets; the user's own detaching is said.
    expect(within(unattached).getByText('obfs4 [2001:db8::5]:443')).toBeTruthy();
    expect(within(unattached).getByText('detached by you')).toBeTruthy();
  });

  it('attaches an unattached disguise to the chosen server, and detaches and removes', async () => {
    const api = fakeEngine();
    await renderWithStore(<ServersCard />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Attach obfs4 [2001:db8::5]:443 to a server' }));
    const select = screen.getByRole('combobox', { name: 'Attach obfs4 [2001:db8::5]:443 to' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['Osaka', 'Tokyo']);
    fireEvent.change(select, { target: { value: 'osaka.example.net' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Attach' })));
    expect(api.callsOf('disguises.attach')).toEqual([{ id: 'd-obfs4', serverKey: 'osaka.example.net' }]);
    const osaka = serverCard('osaka.example.net');
    expect(within(osaka).getByText('attached by you')).toBeTruthy();

    await act(async () =>
      fireEvent.click(
        screen.getByRole('button', { name: 'Detach Shadowsocks tokyo.example.net:8388 from this server' }),
      ),
    );
    expect(api.callsOf('disguises.detach')).toEqual([{ id: 'd-ss' }]);
    expect(within(serverCard('tokyo.example.net')).queryByTestId('disguise')).toBeNull();
    expect(
      within(screen.getByTestId('unattached'))
        .getAllByTestId('disguise')
        .map((el) => el.dataset.disguiseId),
    ).toEqual(['d-ss', 'd-tls']);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove TLS 192.0.2.9:443' })));
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Remove Shadowsocks tokyo.example.net:8388' })),
    );
    expect(api.callsOf('disguises.remove')).toEqual([{ id: 'd-tls' }, { id: 'd-ss' }]);
    expect(screen.queryByTestId('unattached')).toBeNull();
  });

  it('says when a disguise vanished meanwhile, and reloads the list', async () => {
    const api = fakeEngine();
    await renderWithStore(<ServersCard />, { api });
    api.fail('disguises.remove', { code: 'disguise-not-found', message: 'There is no disguise "d-tls".' });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove TLS 192.0.2.9:443' })));
    expect(screen.getByRole('alert').textContent).toContain('That disguise no longer exists.');
    expect(api.callsOf('disguises.list').length).toBeGreaterThanOrEqual(2);
  });

  it('speaks Simplified Chinese', async () => {
    await renderWithStore(<ServersCard />, { api: fakeEngine(), language: 'zh-CN' });
    expect(screen.getByRole('heading', { name: '未关联的伪装' })).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Tokyo 的伪装' })).toBeTruthy();
    expect(
      screen.getByRole('button', { name: '取消 Shadowsocks tokyo.example.net:8388 与此服务器的关联' }),
    ).toBeTruthy();
  });
});
