import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTION_STATES, type ConnectionState } from '../core/connection/state';
import {
  TRAY_ICONS,
  recoveryItems,
  trafficBlocked,
  trayClickAction,
  trayIconFile,
  trayModel,
  type TrayAction,
  type TrayInput,
  type TrayModel,
  type TrayPlatform,
} from './tray-model';
import { shellText } from './shell-text';

const en = shellText('en').t;
const zh = shellText('zh-CN').t;

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
      const acts = actions(trayModel(input(state), en));
      const running = state !== 'disconnected';
      expect(acts.includes('disconnect'), state).toBe(running);
      expect(acts.includes('connect'), state).toBe(state === 'disconnected' || state === 'failed');
      expect(acts.slice(-2), state).toEqual(['show-window', 'quit']);
    }
  });

  it('starts the menu with a disabled status line that names the profile', () => {
    const model = trayModel(input('connected'), en);
    expect(model.menu[0]).toEqual({ kind: 'status', label: 'Connected to Tokyo 1' });
    expect(trayModel(input('connecting', { profileName: null }), en).menu[0]).toEqual({
      kind: 'status',
      label: 'Connecting…',
    });
  });

  it('leads to the window when there is no profile to connect to', () => {
    const model = trayModel(input('disconnected', { hasProfiles: false, profileName: null }), en);
    expect(actions(model)).not.toContain('connect');
    expect(model.menu).toContainEqual({
      kind: 'action',
      action: 'show-window',
      label: 'Import a profile…',
      enabled: true,
    });
  });

  it('picks one icon per state', () => {
    const icons = Object.fromEntries(CONNECTION_STATES.map((s) => [s, trayModel(input(s), en).icon]));
    expect(icons).toEqual({
      disconnected: 'disconnected',
      connecting: 'connecting',
      connected: 'connected',
      reconnecting: 'reconnecting',
      'failing-over': 'failing-over',
      failed: 'failed',
    });
  });

  it('keeps the state icons through an ordinary reconnect with the kill switch on, and says traffic waits', () => {
    for (const state of ['connecting', 'reconnecting', 'failing-over'] as const) {
      const model = trayModel(input(state, { killSwitch: true }), en);
      expect(model.icon, state).toBe(state);
      expect(model.tooltip, state).toMatch(/ \(traffic blocked meanwhile\)$/);
    }
    expect(trayModel(input('failing-over', { killSwitch: true }), en).tooltip).toBe(
      'Holdfast: Switching to another server… (traffic blocked meanwhile)',
    );
  });

  it('shows "blocked" when no server is reachable and the kill switch holds traffic, and says so plainly', () => {
    for (const state of ['connecting', 'reconnecting', 'failing-over'] as const) {
      const model = trayModel(input(state, { killSwitch: true, unreachable: true }), en);
      expect(model.icon, state).toBe('blocked');
      expect(model.tooltip, state).toBe(
        'Holdfast: No server is reachable. Holdfast keeps trying; traffic stays blocked',
      );
      expect(model.menu[0], state).toEqual({
        kind: 'status',
        label: 'No server is reachable. Holdfast keeps trying; traffic stays blocked',
      });
    }
  });

  it('does not claim traffic is blocked when the kill switch is off', () => {
    const unreachable = trayModel(input('reconnecting', { killSwitch: false, unreachable: true }), en);
    expect(unreachable.icon).toBe('reconnecting');
    expect(unreachable.tooltip).toBe('Holdfast: No server is reachable. Holdfast keeps trying');
    const failed = trayModel(input('failed', { killSwitch: false }), en);
    expect(failed.icon).toBe('failed');
    expect(failed.tooltip).toBe('Holdfast: Could not connect to Tokyo 1');
  });

  it('shows a failure with the kill switch on as blocked until the user disconnects', () => {
    const model = trayModel(input('failed', { killSwitch: true }), en);
    expect(model.icon).toBe('blocked');
    expect(model.tooltip).toBe('Holdfast: Could not connect to Tokyo 1. Traffic stays blocked until you disconnect');
  });

  it('never shows a connected tunnel as blocked', () => {
    const model = trayModel(input('connected', { killSwitch: true, unreachable: true, leftoverBlock: true }), en);
    expect(model.icon).toBe('connected');
    expect(model.tooltip).toBe('Holdfast: Connected to Tokyo 1');
    expect(trafficBlocked({ state: 'connected', profileName: null, killSwitch: true })).toBe(false);
  });

  it("shows a previous session's leftover kill switch while disconnected, and only then", () => {
    const model = trayModel(input('disconnected', { leftoverBlock: true, killSwitch: true }), en);
    expect(model.icon).toBe('blocked');
    expect(model.tooltip).toBe('Holdfast: Not connected. A previous session still blocks the network');
    expect(trayModel(input('disconnected', { killSwitch: true }), en).icon).toBe('disconnected');
  });

  it('keeps the tooltip within the Windows limit and starts it with the app name', () => {
    const long = trayModel(input('connected', { profileName: 'x'.repeat(300) }), en).tooltip;
    expect(long.length).toBeLessThanOrEqual(127);
    expect(long.startsWith('Holdfast: Connected to xxx')).toBe(true);
    expect(trayModel(input('disconnected'), en).tooltip).toBe('Holdfast: Not connected');
  });
});

describe('recoveryItems', () => {
  it('offers "Recover network…" after Connect while a leftover kill switch blocks the network', () => {
    const model = trayModel(input('disconnected', { leftoverBlock: true }), en);
    expect(actions(model)).toEqual(['connect', 'recover-network', 'show-window', 'quit']);
    expect(model.menu).toContainEqual({
      kind: 'action',
      action: 'recover-network',
      label: 'Recover network…',
      enabled: true,
    });
    const noProfiles = trayModel(input('disconnected', { leftoverBlock: true, hasProfiles: false }), en);
    expect(actions(noProfiles)).toContain('recover-network');
  });

  it('hides it when nothing is left over, and while a connection owns the rules', () => {
    expect(recoveryItems({ state: 'disconnected', leftoverBlock: false }, en)).toEqual([]);
    for (const state of CONNECTION_STATES.filter((s) => s !== 'disconnected')) {
      expect(recoveryItems({ state, leftoverBlock: true }, en), state).toEqual([]);
      expect(actions(trayModel(input(state, { leftoverBlock: true }), en)), state).not.toContain('recover-network');
    }
  });
});

describe('trayModel in the user language', () => {
  it('says everything in Simplified Chinese, from the window tables', () => {
    const model = trayModel(input('connected'), zh);
    expect(model.tooltip).toBe('Holdfast：已连接到 Tokyo 1');
    expect(model.menu.flatMap((item) => (item.kind === 'separator' ? [] : [item.label]))).toEqual([
      '已连接到 Tokyo 1',
      '断开连接',
      '显示 Holdfast',
      '退出 Holdfast',
    ]);
    expect(trayModel(input('failed', { killSwitch: true }), zh).tooltip).toBe(
      'Holdfast：无法连接到 Tokyo 1。在你断开连接之前，网络流量保持阻断',
    );
    const leftover = trayModel(input('disconnected', { leftoverBlock: true }), zh);
    expect(leftover.menu).toContainEqual({
      kind: 'action',
      action: 'recover-network',
      label: '恢复网络…',
      enabled: true,
    });
  });

  it('has words for every state and menu in both languages (no key shows through)', () => {
    for (const t of [en, zh]) {
      for (const state of CONNECTION_STATES) {
        for (const extra of [
          {},
          { killSwitch: true },
          { killSwitch: true, unreachable: true },
          { leftoverBlock: true },
        ]) {
          const model = trayModel(input(state, extra), t);
          const labels = [model.tooltip, ...model.menu.flatMap((i) => (i.kind === 'separator' ? [] : [i.label]))];
          for (const label of labels) expect(label, `${state} ${label}`).not.toMatch(/shell\.|\{\{/);
        }
      }
    }
  });
});

describe('trayModel sections', () => {
  it('draws sections from elsewhere between the connection and Show/Quit, and skips empty ones', () => {
    const recent = () => [{ kind: 'status' as const, label: 'Recent: Osaka 2' }];
    const model = trayModel(input('disconnected'), en, [recent, () => []]);
    expect(model.menu.map((i) => (i.kind === 'separator' ? '-' : i.label))).toEqual([
      'Not connected',
      '-',
      'Connect to Tokyo 1',
      '-',
      'Recent: Osaka 2',
      '-',
      'Show Holdfast',
      'Quit Holdfast',
    ]);
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
