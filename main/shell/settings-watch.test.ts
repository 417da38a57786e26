import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../preload/contract';
import { watchSettings } from './settings-watch';

describe('watchSettings', () => {
  it('tells the shell about settings after a successful settings.set, and passes every answer through', async () => {
    const answers: Record<string, Envelope<unknown>> = {
      'settings.set': { ok: true, value: { ui: { launchAtLogin: true } } },
      'settings.get': { ok: true, value: { ui: {} } },
    };
    const inner = { dispatch: vi.fn(async (command: unknown) => answers[command as string]!) };
    const onChange = vi.fn();
    const watched = watchSettings(inner, onChange);

    await expect(watched.dispatch('settings.get', {})).resolves.toEqual(answers['settings.get']);
    expect(onChange).not.toHaveBeenCalled();
    const params = { key: 'ui.launchAtLogin', value: true };
    await expect(watched.dispatch('settings.set', params)).resolves.toEqual(answers['settings.set']);
    expect(inner.dispatch).toHaveBeenLastCalledWith('settings.set', params);
    expect(onChange).toHaveBeenCalledWith({ ui: { launchAtLogin: true } });
  });

  it('stays quiet when the change was refused, and a failing listener does not fail the command', async () => {
    const refused: Envelope<unknown> = { ok: false, error: { code: 'settings-invalid', message: 'no' } };
    const onChange = vi.fn();
    await watchSettings({ dispatch: async () => refused }, onChange).dispatch('settings.set', {});
    expect(onChange).not.toHaveBeenCalled();

    const saved: Envelope<unknown> = { ok: true, value: {} };
    const throwing = watchSettings({ dispatch: async () => saved }, () => {
      throw new Error('boom');
    });
    await expect(throwing.dispatch('settings.set', {})).resolves.toEqual(saved);
  });
});
