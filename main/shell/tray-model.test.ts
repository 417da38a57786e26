import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTION_STATES, type ConnectionState } from '../core/connection/state';
import {
  TRAY_ICONS,
  trayClickAction,
  trayIconFile,
  trayModel,
  type TrayAction,
  type TrayInput,
  type TrayModel,
  type TrayPlatform,
} from './tray-model';

const input = (state: ConnectionState, extra: Partial<TrayInput> = {}): TrayInput => ({
  state,
  profileName: 'Tokyo 1',
  hasProfiles: true,
  ...extra,
});

const actions = (model: TrayModel): TrayAction[] =>
  model.menu.flatMap((item) => (item.kind === 'action' ? [item.action] : []));

describe('trayModel', () => {
  it('offers Connect only when nothing is running and Disconnect whenever something is', () => {
    for (const state of CONNECTION_STATES) {
      const acts = actions(trayModel(input(state)));
      const running = state !== 'disconnected';
      expect(acts.includes('disconnect'), state).toBe(running);
      expect(acts.includes('connect'), state).toBe(state === 'disconnected' || state === 'failed');
      expect(acts.slice(-2), state).toEqual(['show-window', 'quit']);
    }
  });

  it('starts the menu with a disabled status line that names the profile', () => {
    const model = trayModel(input('connected'));
    expect(model.menu[0]).toEqual({ kind: 'status', label: 'Connected to Tokyo 1' });
    expect(trayModel(input('connecting', { profileName: null })).menu[0]).toEqual({
      kind: 'status',
      label: 'Connecting…',
    });
  });

  it('leads to the window when there is no profile to connect to', () => {
    const model = trayModel(input('disconnected', { hasProfiles: false, profileName: null }));
    expect(actions(model)).not.toContain('connect');
    expect(model.menu).toContainEqual({
      kind: 'action',
      action: 'show-window',
      label: 'Import a profile…',
      enabled: true,
    });
  });

  it('picks one icon per state, sharing the reconnecting icon with failover', () => {
    const icons = Object.fromEntries(CONNECTION_STATES.map((s) => [s, trayModel(input(s)).icon]));
    expect(icons).toEqual({
      disconnected: 'disconnected',
      connecting: 'connecting',
      connected: 'connected',
      reconnecting: 'reconnecting',
      'failing-over': 'reconnecting',
      failed: 'failed',
    });
  });

  it('shows traffic as blocked unless the tunnel is carrying it', () => {
    expect(trayModel(input('failed', { trafficBlocked: true })).icon).toBe('blocked');
    expect(trayModel(input('reconnecting', { trafficBlocked: true })).tooltip).toContain('traffic blocked');
    expect(trayModel(input('connected', { trafficBlocked: true })).icon).toBe('connected');
  });

  it('keeps the tooltip within the Windows limit and starts it with the app name', () => {
    const long = trayModel(input('connected', { profileName: 'x'.repeat(300) })).tooltip;
    expect(long.length).toBeLessThanOrEqual(127);
    expect(long.startsWith('Holdfast: Connected to xxx')).toBe(true);
    expect(trayModel(input('disconnected')).tooltip).toBe('Holdfast: Not connected');
  });
});

describe('trayClickAction', () => {
  it('leaves clicks to the menu on macOS', () => {
    for (const state of CONNECTION_STATES) expect(trayClickAction('darwin', input(state))).toBeNull();
  });

  it('connects with one click on Windows and Linux, and never disconnects', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(trayClickAction(platform, input('disconnected'))).toBe('connect');
      expect(trayClickAction(platform, input('failed'))).toBe('connect');
      for (const state of CONNECTION_STATES) expect(trayClickAction(platform, input(state))).not.toBe('disconnect');
      expect(trayClickAction(platform, input('connected'))).toBe('show-window');
      expect(trayClickAction(platform, input('disconnected', { hasProfiles: false }))).toBe('show-window');
    }
  });
});

describe('trayIconFile', () => {
  const trayDir = path.resolve(import.meta.dirname, '../../assets/tray');

  it('names a committed PNG, with its @2x sibling, for every icon on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as TrayPlatform[]) {
      for (const icon of TRAY_ICONS) {
        const file = trayIconFile(icon, platform);
        expect(existsSync(path.join(trayDir, file)), file).toBe(true);
        expect(existsSync(path.join(trayDir, file.replace(/\.png$/, '@2x.png'))), file).toBe(true);
      }
    }
  });

  it('uses template images on macOS only', () => {
    expect(trayIconFile('connected', 'darwin')).toMatch(/Template\.png$/);
    expect(trayIconFile('connected', 'win32')).not.toMatch(/Template/);
    expect(trayIconFile('connected', 'linux')).not.toMatch(/Template/);
  });
});
