import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerListing } from '../../../../main/core/service/server-listing';
import { ConnectionCard } from '../../connection/ConnectionCard';
import { FakeHoldfast } from '../../test/fake-holdfast';
import { fleetListing, pickerEntry } from '../../test/fleet-fixture';
import { renderWithStore } from '../../test/render-app';
import type { Language } from '../../i18n';

// jsdom lays nothing out: give the tree a height so the virtualiser has rows to show.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('picker-tree') ? 600 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});
afterEach(cleanup);

const TYO = { code: 'TYO', en: 'Tokyo', zh: '东京' };
const OSA = { code: 'OSA', en: 'Osaka', zh: '大阪' };
const GOT = { code: 'GOT', en: 'Gothenburg', zh: '哥德堡' };

function listing(): ServerListing {
  return {
    preferredServer: null,
    preferredMissing: false,
    servers: [
      pickerEntry({
        key: 'jp-tyo-wg-001',
        country: 'JP',
        city: TYO,
        latency: { ms: 42, method: 'handshake', measuredAt: new Date(Date.now() - 180_000).toISOString() },
        state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: '2030-01-01T10:00:00Z' },
      }),
      pickerEntry({
        key: 'jp-osa-wg-001',
        country: 'JP',
        city: OSA,
        state: { blockedUntil: '2099-01-01T10:00:00Z', coolingUntil: null, lastWorkedAt: null },
      }),
      pickerEntry({ key: 'se-got-wg-001', country: 'SE', city: GOT, favourite: true }),
      pickerEntry({ key: 'relay-9.vpn.example', name: 'Mystery box' }),
    ],
  };
}

async function openPicker(options: { api?: FakeHoldfast; language?: Language } = {}) {
  const api = options.api ?? new FakeHoldfast();
  if (!options.api) api.respond('servers.list', listing());
  const rendered = await renderWithStore(<ConnectionCard />, { api, language: options.language });
  fireEvent.click(screen.getByTestId('picker-open'));
  const dialog = await screen.findByTestId('picker-dialog');
  return { ...rendered, dialog };
}

const serverNames = () => screen.queryAllByTestId('picker-server-name').map((el) => el.textContent);
const type = (text: string) => fireEvent.change(screen.getByTestId('picker-search'), { target: { value: text } });

describe('the server picker', () => {
  it('opens from the connection view with the cursor in the search box', async () => {
    const { dialog } = await openPicker();
    expect(within(dialog).getByRole('heading', { name: 'Choose a server' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByTestId('picker-search'));
  });

  it.each([
    ['jp', ['jp-osa-wg-001', 'jp-tyo-wg-001']],
    ['japan', ['jp-osa-wg-001', 'jp-tyo-wg-001']],
    ['日本', ['jp-osa-wg-001', 'jp-tyo-wg-001']],
    ['tokyo', ['jp-tyo-wg-001']],
    ['东京', ['jp-tyo-wg-001']],
    ['mystery', ['Mystery box']],
  ])('finds %s as the user types', async (query, expected) => {
    await openPicker();
    type(query);
    expect(serverNames()).toEqual(expected);
    expect(screen.getByTestId('picker-status').textContent).toMatch(
      expected.length === 1 ? /1 server matches/ : /servers match/,
    );
  });

  it('says when nothing matches', async () => {
    await openPicker();
    type('atlantis');
    expect(serverNames()).toEqual([]);
    expect(screen.getByTestId('picker-status').textContent).toBe('No server matches “atlantis”.');
  });

  it('is a tree with levels, open and closed groups, and one selected row', async () => {
    await openPicker();
    const tree = screen.getByRole('tree', { name: 'Servers by country and city' });
    const items = within(tree).getAllByRole('treeitem');
    const japan = items.find((el) => el.dataset.group === 'country' && el.dataset.code === 'JP')!;
    expect(japan.getAttribute('aria-level')).toBe('1');
    expect(japan.getAttribute('aria-expanded')).toBe('true');
    const tokyo = items.find((el) => el.dataset.serverKey === 'jp-tyo-wg-001' && el.dataset.level === '3')!;
    expect(tokyo.getAttribute('aria-level')).toBe('3');
    expect(tokyo.hasAttribute('aria-expanded')).toBe(false);
    expect(items.filter((el) => el.getAttribute('aria-selected') === 'true')).toHaveLength(1);

    fireEvent.click(japan);
    const after = within(tree).getAllByRole('treeitem');
    expect(after.find((el) => el.dataset.code === 'JP')!.getAttribute('aria-expanded')).toBe('false');
    expect(after.some((el) => el.dataset.serverKey === 'jp-tyo-wg-001' && el.dataset.level === '3')).toBe(false);
  });

  it('shows Favourites first, state on this network, and latency with its method, or "Not measured"', async () => {
    await openPicker();
    const groups = screen.getAllByTestId('picker-group').map((el) => el.textContent);
    expect(groups[0]).toMatch(/^Favourites/);
    const row = (key: string) =>
      screen.getAllByTestId('picker-server').find((el) => el.dataset.serverKey === key && el.dataset.level === '3')!;
    expect(within(row('jp-tyo-wg-001')).getByTestId('picker-latency').textContent).toBe(
      '42 mshandshake · 3 minutes ago',
    );
    expect(within(row('jp-tyo-wg-001')).getByTestId('picker-standing').textContent).toBe('Worked here');
    expect(within(row('jp-osa-wg-001')).getByTestId('picker-standing').textContent).toBe('Blocked here');
    expect(within(row('jp-osa-wg-001')).getByTestId('picker-latency').textContent).toBe('Not measured');
    expect(screen.queryByText(/^0 ms/)).toBeNull();
  });

  it('moves with the arrow keys from the search box and connects with Enter', async () => {
    const { api } = await openPicker();
    type('japan');
    fireEvent.keyDown(screen.getByTestId('picker-search'), { key: 'ArrowDown' });
    const tree = screen.getByRole('tree');
    expect(document.activeElement).toBe(tree);
    const selected = () => tree.querySelector('[aria-selected="true"]') as HTMLElement;
    expect(tree.getAttribute('aria-activedescendant')).toBe(selected().id);
    expect(selected().dataset.serverKey).toBe('jp-osa-wg-001');
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    expect(selected().dataset.group).toBe('city');
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    expect(selected().dataset.serverKey).toBe('jp-tyo-wg-001');
    // Left goes to the city, Left again closes it.
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(selected().dataset.code).toBe('TYO');
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(selected().getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    expect(selected().dataset.serverKey).toBe('jp-tyo-wg-001');
    fireEvent.keyDown(tree, { key: 'Enter' });
    await waitFor(() => expect(api.callsOf('connection.connect')).toEqual([{ profileId: 'jp-tyo-wg-001-profile' }]));
    await waitFor(() => expect(screen.queryByTestId('picker-dialog')).toBeNull());
  });

  it('connects to the first match when Enter is pressed in the search box', async () => {
    const { api } = await openPicker();
    type('东京');
    fireEvent.keyDown(screen.getByTestId('picker-search'), { key: 'Enter' });
    await waitFor(() => expect(api.callsOf('connection.connect')).toEqual([{ profileId: 'jp-tyo-wg-001-profile' }]));
  });

  it('puts the cursor back in the search box with / and Ctrl+F', async () => {
    await openPicker();
    const tree = screen.getByRole('tree');
    tree.focus();
    fireEvent.keyDown(tree, { key: '/' });
    expect(document.activeElement).toBe(screen.getByTestId('picker-search'));
    tree.focus();
    fireEvent.keyDown(tree, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByTestId('picker-search'));
  });

  it('stars a server and sets its place by hand from the row menu', async () => {
    const api = new FakeHoldfast();
    api.respond('servers.list', listing());
    const starred = listing();
    starred.servers = starred.servers.map((s) => (s.key === 'relay-9.vpn.example' ? { ...s, favourite: true } : s));
    api.respond('servers.favourite', starred);
    api.respond('servers.setPlace', starred);
    await openPicker({ api });
    const mystery = screen
      .getAllByTestId('picker-server')
      .find((el) => el.dataset.serverKey === 'relay-9.vpn.example')!;
    fireEvent.click(within(mystery).getByTestId('picker-favourite'));
    await waitFor(() =>
      expect(api.callsOf('servers.favourite')).toEqual([{ key: 'relay-9.vpn.example', favourite: true }]),
    );
    await waitFor(() =>
      expect(
        screen.getAllByTestId('picker-server').filter((el) => el.dataset.serverKey === 'relay-9.vpn.example'),
      ).toHaveLength(2),
    );

    const row = screen.getAllByTestId('picker-server').find((el) => el.dataset.serverKey === 'relay-9.vpn.example')!;
    fireEvent.click(within(row).getByTestId('picker-menu-button'));
    const menu = await screen.findByRole('menu');
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Set country and city…' }));
    fireEvent.change(screen.getByTestId('place-country'), { target: { value: 'NL' } });
    fireEvent.change(screen.getByTestId('place-city'), { target: { value: '阿姆斯特丹' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.callsOf('servers.setPlace')).toEqual([
        { key: 'relay-9.vpn.example', country: 'NL', city: '阿姆斯特丹' },
      ]),
    );
  });

  it('measures on request and says what it found', async () => {
    const api = new FakeHoldfast();
    api.respond('servers.list', listing());
    api.respond('servers.measure', {
      measured: 2,
      noAnswer: 1,
      skipped: 1,
      skippedBecause: 'kill-switch',
      listing: listing(),
    });
    await openPicker({ api });
    fireEvent.click(screen.getByTestId('picker-measure'));
    const report = await screen.findByTestId('picker-measure-report');
    expect(report.textContent).toBe(
      'Measured 2 servers. 1 did not answer. 1 skipped: the kill switch blocks them until you connect.',
    );
    expect(api.callsOf('servers.measure')).toEqual([{}]);
  });

  it('sorts by latency: measured servers first, the unmeasured last', async () => {
    await openPicker();
    type('jp');
    fireEvent.change(screen.getByTestId('picker-sort'), { target: { value: 'latency' } });
    expect(serverNames()).toEqual(['jp-tyo-wg-001', 'jp-osa-wg-001']);
  });

  it('speaks Simplified Chinese', async () => {
    await openPicker({ language: 'zh-CN' });
    expect(screen.getByRole('heading', { name: '选择服务器' })).toBeTruthy();
    const labels = screen.getAllByTestId('picker-group').map((el) => el.textContent);
    expect(labels).toEqual(expect.arrayContaining([expect.stringMatching(/^收藏/), expect.stringMatching(/^日本/)]));
    expect(screen.getAllByText('未测量').length).toBeGreaterThan(0);
    type('东京');
    expect(screen.getByTestId('picker-status').textContent).toBe('1 台服务器符合');
  });

  it('renders only the rows in view of 10,000 servers', async () => {
    const api = new FakeHoldfast();
    api.respond('servers.list', fleetListing(10_000));
    await openPicker({ api });
    expect(screen.getByTestId('picker-status').textContent).toBe('10,000 servers');
    type('tokyo');
    const rows = screen.getAllByRole('treeitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    await act(async () => {});
  });
});
