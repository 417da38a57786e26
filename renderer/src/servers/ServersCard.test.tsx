import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import type { ServerEntry, ServerListing } from '../../../main/core/service/server-listing';
import { FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { ServersCard } from './ServersCard';

afterEach(cleanup);

const transport = (protocol: 'wireguard' | 'openvpn', proto: 'udp' | 'tcp', port: number, coolingUntil?: string) => ({
  protocol,
  proto,
  port,
  label: `${proto.toUpperCase()} ${port}`,
  coolingUntil: coolingUntil ?? null,
  why: coolingUntil ? ('failed' as const) : null,
  lastWorkedAt: null,
});

function server(patch: Partial<ServerEntry> & Pick<ServerEntry, 'key' | 'name'>): ServerEntry {
  return {
    customName: false,
    automaticName: patch.name,
    country: null,
    customCountry: false,
    city: null,
    customPlace: false,
    favourite: false,
    lastUsedAt: null,
    latency: null,
    hosts: [patch.key],
    transports: [transport('wireguard', 'udp', 51820)],
    profiles: [],
    preferred: false,
    state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: null },
    ...patch,
  };
}

function world(): ServerListing {
  return {
    preferredServer: null,
    preferredMissing: false,
    servers: [
      server({
        key: 'osaka.example.net',
        name: 'Osaka 2',
        country: 'JP',
        profiles: [{ id: 'osaka-wg', name: 'Osaka 2', assigned: false }],
        state: { blockedUntil: '2030-01-01T12:30:00.000Z', coolingUntil: null, lastWorkedAt: null },
      }),
      server({
        key: 'tokyo.example.net',
        name: 'Tokyo 1',
        country: 'JP',
        transports: [
          transport('wireguard', 'udp', 51820),
          transport('openvpn', 'udp', 1194, '2030-01-01T12:05:00.000Z'),
          transport('openvpn', 'tcp', 443),
        ],
        profiles: [
          { id: 'tokyo-wg', name: 'Tokyo 1', assigned: false },
          { id: 'tokyo-ovpn', name: 'Tokyo 1 TCP', assigned: false },
        ],
        state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: '2030-01-01T11:00:00.000Z' },
      }),
    ],
  };
}

/** A fake engine that keeps the list and answers changes the way the core does (the new list). */
function fakeEngine(listing = world()) {
  let current = listing;
  const api = new FakeHoldfast();
  const update = (key: string, patch: (s: ServerEntry) => ServerEntry) => {
    const found = current.servers.some((s) => s.key === key);
    if (!found) return { ok: false as const, error: { code: 'server-not-found' as const, message: `no "${key}"` } };
    current = { ...current, servers: current.servers.map((s) => (s.key === key ? patch(s) : s)) };
    return { ok: true as const, value: current };
  };
  api.handle('servers.list', () => ({ ok: true, value: current }));
  api.handle('servers.rename', ({ key, name }) =>
    update(key, (s) => ({ ...s, name: name ?? s.automaticName, customName: name !== null })),
  );
  api.handle('servers.prefer', ({ key }) => {
    current = {
      ...current,
      preferredServer: key,
      servers: current.servers.map((s) => ({ ...s, preferred: s.key === key })),
    };
    return { ok: true, value: current };
  });
  api.handle('servers.assign', ({ profileId, serverKey }) => {
    const moved = current.servers.flatMap((s) => s.profiles).find((p) => p.id === profileId)!;
    let servers = current.servers.map((s) => ({ ...s, profiles: s.profiles.filter((p) => p.id !== profileId) }));
    const target = serverKey ?? 'tokyo.example.net';
    if (!servers.some((s) => s.key === target)) servers.push(server({ key: target, name: moved.name }));
    servers = servers.map((s) =>
      s.key === target ? { ...s, profiles: [...s.profiles, { ...moved, assigned: serverKey !== null }] } : s,
    );
    current = { ...current, servers: servers.filter((s) => s.profiles.length > 0) };
    return { ok: true, value: current };
  });
  return {
    api,
    set: (next: ServerListing) => {
      current = next;
    },
  };
}

const card = (name: string) =>
  screen.getAllByTestId('server-item').find((el) => within(el).queryByRole('heading', { name }))!;

describe('ServersCard', () => {
  it('shows each server with its flag, transports, state here and profiles', async () => {
    await renderWithStore(<ServersCard />, { api: fakeEngine().api });
    const items = screen.getAllByTestId('server-item');
    expect(items.map((el) => el.dataset.serverKey)).toEqual(['osaka.example.net', 'tokyo.example.net']);
    const tokyo = card('Tokyo 1');
    expect(within(tokyo).getByTestId('server-flag').dataset.country).toBe('JP');
    expect(within(tokyo).getByTestId('server-flag').textContent).toContain('Japan');
    // The flag is flag-icons' own file, decorative (the country's name is the text).
    const flag = within(tokyo).getByTestId('server-flag').querySelector('img');
    expect(flag?.getAttribute('src')).toMatch(/flag-icons\/flags\/4x3\/jp\.svg/);
    expect(flag?.getAttribute('alt')).toBe('');
    expect(within(tokyo).getByRole('list', { name: 'Ways to connect' }).textContent).toContain('OpenVPN TCP 443');
    const [wg, resting] = within(tokyo).getAllByTestId('server-transport');
    expect(wg?.textContent).toBe('WireGuard');
    expect(resting?.textContent).toMatch(/^OpenVPN UDP 1194OpenVPN UDP 1194, resting until /);
    expect(within(tokyo).getByTestId('server-state').textContent).toMatch(/^Last worked on this network /);
    expect(within(card('Osaka 2')).getByTestId('server-state').textContent).toMatch(/^Blocked on this network until/);
    const profiles = within(tokyo).getByRole('list', { name: 'Profiles on Tokyo 1' });
    expect(
      within(profiles)
        .getAllByTestId('server-profile')
        .map((el) => el.dataset.profileId),
    ).toEqual(['tokyo-wg', 'tokyo-ovpn']);
  });

  it('renames inline: Enter saves, Escape cancels, empty goes back to the automatic name', async () => {
    const { api } = fakeEngine();
    await renderWithStore(<ServersCard />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Rename Tokyo 1' }));
    const input = screen.getByRole('textbox', { name: 'New name for Tokyo 1' });
    expect(document.activeElement).toBe(input);
    expect((input as HTMLInputElement).placeholder).toBe('Tokyo 1');

    fireEvent.change(input, { target: { value: 'Never mind' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(api.callsOf('servers.rename')).toEqual([]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename Tokyo 1' }));

    fireEvent.click(screen.getByRole('button', { name: 'Rename Tokyo 1' }));
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '  Tokyo home ' } });
    await act(async () => fireEvent.submit(screen.getByRole('textbox').closest('form')!));
    expect(api.callsOf('servers.rename')).toEqual([{ key: 'tokyo.example.net', name: 'Tokyo home' }]);
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(within(card('Tokyo home')).getByText('Named by you; automatic name: Tokyo 1')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Rename Tokyo home' }));
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '   ' } });
    await act(async () => fireEvent.submit(screen.getByRole('textbox').closest('form')!));
    expect(api.callsOf('servers.rename')).toEqual([
      { key: 'tokyo.example.net', name: 'Tokyo home' },
      { key: 'tokyo.example.net', name: null },
    ]);
    expect(card('Tokyo 1')).toBeTruthy();
  });

  it('stars the preferred server with a toggle button, and unstars it', async () => {
    const { api } = fakeEngine();
    await renderWithStore(<ServersCard />, { api });
    const star = screen.getByRole('button', { name: 'Prefer Tokyo 1' });
    expect(star.getAttribute('aria-pressed')).toBe('false');
    await act(async () => fireEvent.click(star));
    expect(api.callsOf('servers.prefer')).toEqual([{ key: 'tokyo.example.net' }]);
    const pressed = screen.getByRole('button', { name: 'Prefer Tokyo 1', pressed: true });
    expect(within(card('Tokyo 1')).getByText('Preferred')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Prefer Osaka 2' }).getAttribute('aria-pressed')).toBe('false');
    await act(async () => fireEvent.click(pressed));
    expect(api.callsOf('servers.prefer')).toEqual([{ key: 'tokyo.example.net' }, { key: null }]);
  });

  it('moves a profile to another server, to one of its own, and back to automatic', async () => {
    const { api } = fakeEngine();
    await renderWithStore(<ServersCard />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Move Tokyo 1 TCP to another server' }));
    const select = screen.getByRole('combobox', { name: 'Move Tokyo 1 TCP to' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.text)).toEqual(['Osaka 2', 'A server of its own']);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Move' })));
    expect(api.callsOf('servers.assign')).toEqual([{ profileId: 'tokyo-ovpn', serverKey: 'osaka.example.net' }]);
    expect(within(card('Osaka 2')).getByText('moved here by you')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Move Tokyo 1 TCP to another server' }));
    const again = screen.getByRole('combobox') as HTMLSelectElement;
    expect([...again.options].map((o) => o.text)).toEqual([
      'Tokyo 1',
      'A server of its own',
      'Where its address puts it (automatic)',
    ]);
    fireEvent.change(again, { target: { value: 'own' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Move' })));
    expect(api.callsOf('servers.assign')[1]).toEqual({ profileId: 'tokyo-ovpn', serverKey: 'user:tokyo-ovpn' });

    fireEvent.click(screen.getByRole('button', { name: 'Move Tokyo 1 TCP to another server' }));
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'automatic' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Move' })));
    expect(api.callsOf('servers.assign')[2]).toEqual({ profileId: 'tokyo-ovpn', serverKey: null });
  });

  it('cancels a move with Escape and puts the keyboard back on the button', async () => {
    const { api } = fakeEngine();
    await renderWithStore(<ServersCard />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Move Tokyo 1 to another server' }));
    fireEvent.keyDown(screen.getByRole('combobox'), { key: 'Escape' });
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Tokyo 1 to another server' }));
    expect(api.callsOf('servers.assign')).toEqual([]);
  });

  it('reads the list again when main says servers or profiles changed', async () => {
    const engine = fakeEngine();
    await renderWithStore(<ServersCard />, { api: engine.api });
    const next = world();
    next.servers[1] = { ...next.servers[1]!, name: 'Tokyo from the CLI' };
    engine.set(next);
    await act(async () => engine.api.emit({ type: 'servers-changed', at: '2030-01-01T12:00:00.000Z' }));
    await waitFor(() => expect(card('Tokyo from the CLI')).toBeTruthy());
    engine.set({ ...next, servers: [next.servers[0]!] });
    await act(async () => engine.api.emit({ type: 'profiles-changed', at: '2030-01-01T12:00:01.000Z' }));
    await waitFor(() => expect(screen.getAllByTestId('server-item')).toHaveLength(1));
    // A servers change also touches settings (the preferred server lives there).
    expect(engine.api.callsOf('settings.get').length).toBeGreaterThanOrEqual(2);
  });

  it('says so when a server vanished meanwhile, and shows the fresh list', async () => {
    const engine = fakeEngine();
    await renderWithStore(<ServersCard />, { api: engine.api });
    fireEvent.click(screen.getByRole('button', { name: 'Rename Osaka 2' }));
    engine.set({ ...world(), servers: [world().servers[1]!] });
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Osaka office' } });
    await act(async () => fireEvent.submit(screen.getByRole('textbox').closest('form')!));
    await waitFor(() => expect(screen.getAllByTestId('server-item')).toHaveLength(1));
    expect(screen.getByRole('alert').textContent).toContain('That server no longer exists');
  });

  it('says when the preferred server is missing, and speaks Chinese', async () => {
    const listing = { ...world(), preferredServer: 'kyoto.example.net', preferredMissing: true };
    await renderWithStore(<ServersCard />, { api: fakeEngine(listing).api, language: 'zh-CN' });
    expect(screen.getByTestId('preferred-missing').textContent).toContain('首选服务器已不存在');
    expect(screen.getByRole('button', { name: '重命名 Tokyo 1' })).toBeTruthy();
    expect(within(card('Tokyo 1')).getByTestId('server-flag').textContent).toContain('日本');
  });

  it('shows nothing with an engine that has no server list', async () => {
    const api = new FakeHoldfast().fail('servers.list', { code: 'unknown-command', message: 'not here' });
    const { store } = await renderWithStore(<ServersCard />, { api });
    expect(screen.queryByTestId('server-list')).toBeNull();
    expect(store.getState().serversError).toBeNull();
  });
});

describe('connecting with a preferred server', () => {
  const profile = (id: string): ProfileSummary => ({
    id,
    name: id,
    kind: 'wireguard',
    sourceFile: `${id}.conf`,
    importedAt: '2030-01-01T00:00:00.000Z',
    endpoints: [],
    warnings: [],
  });

  it('lets the engine pick the way onto the preferred server unless a profile is selected', async () => {
    const listing = world();
    listing.servers[1] = { ...listing.servers[1]!, preferred: true };
    const engine = fakeEngine({ ...listing, preferredServer: 'tokyo.example.net' });
    engine.api.respond('profiles.list', [profile('osaka-wg'), profile('tokyo-wg'), profile('tokyo-ovpn')]);
    engine.api.handle('connection.connect', () => ({ ok: false, error: { code: 'not-privileged', message: 'x' } }));
    const { store } = await renderWithStore(<ServersCard />, { api: engine.api });
    await store.getState().connect();
    store.getState().selectProfile('osaka-wg');
    await store.getState().connect();
    expect(engine.api.callsOf('connection.connect')).toEqual([{}, { profileId: 'osaka-wg' }]);
  });
});
