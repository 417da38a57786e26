import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportOutcome, ProfileSummary } from '../../../main/core/profiles/types';
import type { CommandParams } from '../../../preload/contract';
import { App } from '../app/App';
import { appInfo, FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { ProfilesCard } from './ProfilesCard';

afterEach(cleanup);

const oslo: ProfileSummary = {
  id: 'p-oslo',
  name: 'Oslo',
  kind: 'openvpn',
  sourceFile: 'oslo.ovpn',
  importedAt: '2030-01-01T00:00:00.000Z',
  endpoints: ['vpn.example.net:1194/udp', 'vpn.example.net:443/tcp'],
  warnings: [
    { file: 'oslo.ovpn', line: 7, directive: 'verb', code: 'owned-by-holdfast', message: 'verb 9 lowered to 3.' },
  ],
};

const outcomes: ImportOutcome[] = [
  { file: 'good.conf', status: 'imported', id: 'p-good', warnings: [] },
  {
    file: 'oslo.ovpn',
    status: 'imported',
    id: 'p-oslo',
    warnings: [
      { file: 'oslo.ovpn', line: 7, directive: 'verb', code: 'owned-by-holdfast', message: 'verb 9 lowered to 3.' },
    ],
  },
  {
    file: 'hook.conf',
    status: 'refused',
    errors: [
      { file: 'hook.conf', line: 5, directive: 'PostUp', code: 'runs-program', message: 'PostUp would run a command.' },
    ],
  },
  { file: 'again.conf', status: 'duplicate', id: 'p-good', warnings: [] },
];

describe('ProfilesCard', () => {
  it('invites an import when the list is empty', async () => {
    await renderWithStore(<ProfilesCard />);
    expect(screen.getByTestId('profiles-empty').textContent).toContain('.conf or .ovpn');
  });

  it('lists name, kind, endpoint and the number of warnings', async () => {
    await renderWithStore(<ProfilesCard />, { api: new FakeHoldfast().respond('profiles.list', [oslo]) });
    const row = screen.getByTestId('profile-row');
    expect(within(row).getByText('Oslo')).toBeTruthy();
    expect(within(row).getByText('OpenVPN')).toBeTruthy();
    expect(row.textContent).toContain('vpn.example.net:1194/udp +1');
    expect(within(row).getByText('1 warning')).toBeTruthy();
    expect(row.textContent).toContain('verb 9 lowered to 3.');
  });

  it('sends picked files as base64 and shows one result per file', async () => {
    const api = new FakeHoldfast();
    let sent: CommandParams<'profiles.import'> | undefined;
    api.handle('profiles.import', (params) => {
      sent = params;
      return { ok: true, value: outcomes };
    });
    await renderWithStore(<ProfilesCard />, { api });
    const input = screen.getByTestId('import-input');
    const file = new File(['[Interface]\nPostUp = rm -rf /\n'], 'hook.conf', { type: 'text/plain' });
    await act(async () => fireEvent.change(input, { target: { files: [file] } }));
    await waitFor(() => expect(screen.getAllByTestId('import-result')).toHaveLength(4));

    expect(sent?.files).toHaveLength(1);
    expect(sent?.files[0]?.name).toBe('hook.conf');
    expect(atob(sent?.files[0]?.contentBase64 ?? '')).toBe('[Interface]\nPostUp = rm -rf /\n');

    const rows = screen.getAllByTestId('import-result');
    expect(rows.map((r) => r.dataset.status)).toEqual(['imported', 'imported', 'refused', 'duplicate']);
    expect(within(rows[0]!).getByText('Imported')).toBeTruthy();
    expect(within(rows[1]!).getByText('Imported with warnings')).toBeTruthy();
    expect(rows[1]!.textContent).toContain('Line 7');
    expect(within(rows[2]!).getByText('Not imported')).toBeTruthy();
    expect(rows[2]!.textContent).toContain('Line 5');
    expect(rows[2]!.textContent).toContain('PostUp would run a command.');
    expect(within(rows[3]!).getByText('Already imported')).toBeTruthy();
    // A successful import refreshes the list.
    expect(api.callsOf('profiles.list').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the import error in words when the command fails', async () => {
    const api = new FakeHoldfast().fail('profiles.import', { code: 'storage-failed', message: 'EACCES profiles/' });
    await renderWithStore(<ProfilesCard />, { api });
    const file = new File(['x'], 'a.conf');
    await act(async () => fireEvent.change(screen.getByTestId('import-input'), { target: { files: [file] } }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('could not read or save its files'));
  });

  it('removes a profile only after confirmation', async () => {
    const api = new FakeHoldfast().respond('profiles.list', [oslo]).respond('profiles.remove', { removed: true });
    await renderWithStore(<ProfilesCard />, { api });
    fireEvent.click(screen.getByRole('button', { name: 'Remove Oslo' }));
    expect(screen.getByRole('dialog').textContent).toContain('Remove Oslo?');
    fireEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.callsOf('profiles.remove')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Remove Oslo' }));
    await act(async () => fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' })));
    expect(api.callsOf('profiles.remove')).toEqual([{ id: 'p-oslo' }]);
  });

  it('translates known import problems and keeps the engine sentence at hand', async () => {
    const api = new FakeHoldfast().respond('profiles.import', [outcomes[2]!]);
    await renderWithStore(<ProfilesCard />, { api, language: 'zh-CN' });
    const file = new File(['x'], 'hook.conf');
    await act(async () => fireEvent.change(screen.getByTestId('import-input'), { target: { files: [file] } }));
    const row = await screen.findByTestId('import-result');
    expect(row.textContent).toContain('第 5 行');
    expect(row.textContent).toContain('PostUp');
    expect(row.textContent).toContain('Holdfast 从不运行配置文件中的命令');
    expect(row.querySelector('[title="PostUp would run a command."]')).not.toBeNull();
  });

  it('offers the folder picker only where main provides it', async () => {
    await renderWithStore(<ProfilesCard />);
    expect(screen.queryByText('Choose folder…')).toBeNull();
    cleanup();
    const api = new FakeHoldfast()
      .respond('app.info', appInfo({ capabilities: { importDialog: true, systemNotifications: true } }))
      .respond('profiles.importDialog', []);
    await renderWithStore(<ProfilesCard />, { api });
    await act(async () => fireEvent.click(screen.getByText('Choose folder…')));
    expect(api.callsOf('profiles.importDialog')).toEqual([{ folder: true, jobId: expect.stringMatching(/^import-/) }]);
  });

  it('imports files dropped anywhere on the window, with an overlay while dragging', async () => {
    const api = new FakeHoldfast().respond('profiles.import', [outcomes[0]!]);
    await renderWithStore(<App />, { api });
    const file = new File(['[Interface]\n'], 'dropped.conf');
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    act(() => {
      fireEvent.dragEnter(window, { dataTransfer });
    });
    expect(screen.getByTestId('drop-overlay').textContent).toContain('Drop to import');
    await act(async () => {
      fireEvent.drop(window, { dataTransfer });
    });
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
    await waitFor(() => expect(api.callsOf('profiles.import')).toHaveLength(1));
    expect((api.callsOf('profiles.import')[0] as CommandParams<'profiles.import'>).files[0]?.name).toBe('dropped.conf');
  });
});
