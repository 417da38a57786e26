import { describe, expect, it } from 'vitest';
import { closeAction, parseWindowState, restoreBounds, startMode, type Bounds } from './window-state';

const size = { width: 1100, height: 720, minWidth: 760, minHeight: 520 };
const laptop: Bounds = { x: 0, y: 27, width: 1440, height: 873 };
const monitor: Bounds = { x: 1440, y: 0, width: 2560, height: 1440 };
const saved = (bounds: Bounds, maximized = false) => ({ bounds, maximized });

describe('parseWindowState', () => {
  it('reads what was stored and refuses anything malformed', () => {
    expect(parseWindowState({ bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: true })).toEqual(
      saved({ x: 10, y: 20, width: 900, height: 600 }, true),
    );
    for (const bad of [null, 'x', {}, { bounds: { x: 1, y: 2, width: 0, height: 5 } }, { bounds: { x: 'a' } }]) {
      expect(parseWindowState(bad)).toBeNull();
    }
  });
});

describe('restoreBounds', () => {
  it('puts the window back where it was on a display that is still there', () => {
    const on = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(restoreBounds(saved(on), [laptop, monitor], size)).toEqual(on);
  });

  it('opens at the default place when the display it was on is gone', () => {
    expect(restoreBounds(saved({ x: 1600, y: 100, width: 1200, height: 800 }), [laptop], size)).toBeNull();
    expect(restoreBounds(null, [laptop], size)).toBeNull();
  });

  it('shrinks and moves a window that hangs over the edge so all of it shows', () => {
    const restored = restoreBounds(saved({ x: 1000, y: 500, width: 2000, height: 1200 }), [laptop], size)!;
    expect(restored).toEqual({ x: 0, y: 27, width: 1440, height: 873 });
  });

  it('needs the title bar on screen, not just a corner', () => {
    // Only the bottom of the window reaches the laptop's screen: the title bar is above it.
    expect(restoreBounds(saved({ x: 100, y: -700, width: 900, height: 720 }), [laptop], size)).toBeNull();
  });

  it('never opens smaller than the window allows', () => {
    expect(restoreBounds(saved({ x: 50, y: 60, width: 200, height: 100 }), [laptop], size)).toEqual({
      x: 50,
      y: 60,
      width: 760,
      height: 520,
    });
  });
});

describe('closeAction', () => {
  const facts = { quitting: false, trayVisible: true, minimized: false, visible: true };

  it('hides to the tray where there is one', () => {
    expect(closeAction(facts)).toBe('hide');
  });

  it('minimises where there is no tray, and quits when closed again from the taskbar', () => {
    expect(closeAction({ ...facts, trayVisible: false })).toBe('minimize');
    expect(closeAction({ ...facts, trayVisible: false, minimized: true })).toBe('quit');
    expect(closeAction({ ...facts, trayVisible: false, visible: false })).toBe('quit');
  });

  it('closes while the app quits', () => {
    expect(closeAction({ ...facts, quitting: true })).toBe('close');
    expect(closeAction({ ...facts, quitting: true, trayVisible: false })).toBe('close');
  });
});

describe('startMode', () => {
  it('waits in the tray only where there is one', () => {
    expect(startMode({ hiddenRequested: false, startMinimized: false, trayVisible: true })).toBe('show');
    expect(startMode({ hiddenRequested: false, startMinimized: true, trayVisible: true })).toBe('tray');
    expect(startMode({ hiddenRequested: true, startMinimized: false, trayVisible: true })).toBe('tray');
    expect(startMode({ hiddenRequested: true, startMinimized: false, trayVisible: false })).toBe('minimized');
    expect(startMode({ hiddenRequested: false, startMinimized: true, trayVisible: false })).toBe('minimized');
  });
});
