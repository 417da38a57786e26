import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { engineSettings, FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import type { EngineSettings } from '../store/types';
import { SettingsView } from './SettingsView';

afterEach(cleanup);

/** An engine that applies `settings.set` the way the real one does for valid keys, and keeps what it holds. */
function engine() {
  const held = { current: engineSettings() };
  const api = new FakeHoldfast().respond('settings.get', held.current).handle('settings.set', ({ key, value }) => {
    const next = structuredClone(held.current) as unknown as Record<string, Record<string, unknown>>;
    const [section, leaf] = key.split('.') as [string, string];
    next[section]![leaf] = value;
    held.current = next as unknown as EngineSettings;
    return { ok: true, value: held.current };
  });
  return { api, held };
}

const section = () => screen.getByTestId('disguise-settings');
const order = () => within(section()).getByTestId('disguise-order');
/** The rows as shown, top to bottom: kind, ticked, rank. */
const rows = () =>
  [...order().querySelectorAll('li')].map((li) => [
    li.dataset['entry'],
    (li.querySelector('input[type=checkbox]') as HTMLInputElement).checked,
    li.querySelector('.order-row__rank')?.textContent ?? null,
  ]);
const tick = (kind: string) =>
  act(async () =>
    fireEvent.click(within(order().querySelector<HTMLElement>(`[data-entry="${kind}"]`)!).getByRole('checkbox')),
  );
const press = (name: string) => act(async () => fireEvent.click(screen.getByRole('button', { name })));

describe('disguise settings', () => {
  it('explains each mode and sends the chosen one, which the window then shows', async () => {
    const { api, held } = engine();
    await renderWithStore(<SettingsView />, { api });
    const automatic = screen.getByRole('radio', { name: 'Automatic' }) as HTMLInputElement;
    expect(automatic.checked).toBe(true);
    expect(automatic.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(automatic.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Plain routes first; if this network blocks VPN protocols, Holdfast switches to a disguised route and remembers it for this network.',
    );
    expect(section().textContent).toContain('Only disguised routes; servers without a disguise are not used.');
    expect(section().textContent).toContain('Disguises are kept but never used.');

    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Always' })));
    expect(api.callsOf('settings.set')).toEqual([{ key: 'disguise.mode', value: 'always' }]);
    expect(held.current.disguise.mode).toBe('always');
    expect((screen.getByRole('radio', { name: 'Always' }) as HTMLInputElement).checked).toBe(true);
    expect(automatic.checked).toBe(false);

    // Never: the order no longer matters, so it cannot be changed until disguises are used again.
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Never' })));
    expect(api.callsOf('settings.set').at(-1)).toEqual({ key: 'disguise.mode', value: 'never' });
    expect((order().closest('fieldset') as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('reorders, leaves out and brings back disguises as one list', async () => {
    const { api, held } = engine();
    await renderWithStore(<SettingsView />, { api });
    expect(rows()).toEqual([
      ['shadowsocks', true, '1'],
      ['tls', true, '2'],
      ['obfs4', true, '3'],
    ]);

    await press('Move TLS up');
    expect(api.callsOf('settings.set').at(-1)).toEqual({
      key: 'disguise.order',
      value: ['tls', 'shadowsocks', 'obfs4'],
    });
    await press('Move Shadowsocks down');
    expect(held.current.disguise.order).toEqual(['tls', 'obfs4', 'shadowsocks']);

    await tick('obfs4');
    expect(api.callsOf('settings.set').at(-1)).toEqual({ key: 'disguise.order', value: ['tls', 'shadowsocks'] });
    expect(rows()).toEqual([
      ['tls', true, '1'],
      ['shadowsocks', true, '2'],
      ['obfs4', false, null],
    ]);
    expect(screen.queryByRole('button', { name: 'Move obfs4 up' })).toBeNull();

    await tick('obfs4');
    expect(held.current.disguise.order).toEqual(['tls', 'shadowsocks', 'obfs4']);
    expect(rows().map(([kind]) => kind)).toEqual(['tls', 'shadowsocks', 'obfs4']);
  });

  it('allows leaving every disguise out, and says what that means for the mode', async () => {
    const { api, held } = engine();
    await renderWithStore(<SettingsView />, { api });
    for (const kind of ['shadowsocks', 'tls', 'obfs4']) await tick(kind);
    expect(held.current.disguise.order).toEqual([]);
    expect(screen.getByTestId('disguise-none-ticked').textContent).toBe(
      'No disguise is ticked, so Holdfast uses plain routes only.',
    );
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: 'Always' })));
    expect(screen.getByTestId('disguise-none-ticked').textContent).toContain('no server can be used');
  });

  it('keeps the keyboard on the row it moves, even when the pressed button turns off', async () => {
    const { api } = engine();
    await renderWithStore(<SettingsView />, { api });
    screen.getByRole('button', { name: 'Move TLS up' }).focus();
    await press('Move TLS up');
    // TLS is first now: "up" is disabled, so its "down" button holds the focus.
    expect((screen.getByRole('button', { name: 'Move TLS up' }) as HTMLButtonElement).disabled).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move TLS down' }));
    await tick('tls');
    expect(document.activeElement).toBe(
      within(order().querySelector<HTMLElement>('[data-entry="tls"]')!).getByRole('checkbox'),
    );
  });

  it('shows a refused change in its own section and keeps the engine value', async () => {
    const api = new FakeHoldfast().fail('settings.set', {
      code: 'settings-invalid',
      message: 'disguise.order: lists a disguise twice',
    });
    await renderWithStore(<SettingsView />, { api });
    await press('Move TLS up');
    expect(within(section()).getByRole('alert').textContent).toContain('Not saved.');
    expect(rows().map(([kind]) => kind)).toEqual(['shadowsocks', 'tls', 'obfs4']);
  });

  it('speaks Simplified Chinese', async () => {
    await renderWithStore(<SettingsView />, { api: engine().api, language: 'zh-CN' });
    expect(screen.getByRole('radio', { name: '自动' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '将 TLS 上移' })).toBeTruthy();
    expect(section().textContent).toContain('伪装会保留，但从不使用。');
  });
});
