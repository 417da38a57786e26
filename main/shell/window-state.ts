/**
 * Where the window was and how big, remembered between runs (window-state-store.ts keeps it), and put
 * back only where a display can show it: a monitor unplugged since, or a resolution that shrank, must not
 * leave the window off screen. Pure; main-window.ts applies it.
 */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The window's normal (not maximised) bounds. */
  bounds: Bounds;
  maximized: boolean;
}

export interface WindowSize {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** How much of the title bar must lie on a display for the user to grab the window. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 40;

const isFiniteInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A stored state read defensively: anything malformed counts as no state at all. */
export function parseWindowState(value: unknown): WindowState | null {
  const v = value as { bounds?: Partial<Bounds>; maximized?: unknown } | null | undefined;
  const b = v?.bounds;
  if (!b || ![b.x, b.y, b.width, b.height].every(isFiniteInt)) return null;
  if (b.width! <= 0 || b.height! <= 0) return null;
  return {
    bounds: { x: Math.round(b.x!), y: Math.round(b.y!), width: Math.round(b.width!), height: Math.round(b.height!) },
    maximized: v?.maximized === true,
  };
}

function overlap(a: Bounds, b: Bounds): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open with: the remembered ones when enough of the window's top lies on a display's work
 * area, shrunk to fit that display and moved inside it; otherwise null (Electron centres the default
 * size on the primary display).
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: readonly Bounds[],
  size: WindowSize,
): Bounds | null {
  if (!saved) return null;
  const titleBar: Bounds = { ...saved.bounds, height: Math.min(saved.bounds.height, GRAB_HEIGHT) };
  const area = workAreas.find((a) => {
    const o = overlap(titleBar, a);
    return o.width >= Math.min(GRAB_WIDTH, saved.bounds.width) && o.height >= Math.min(GRAB_HEIGHT, titleBar.height);
  });
  if (!area) return null;
  const width = Math.min(Math.max(saved.bounds.width, size.minWidth), area.width);
  const height = Math.min(Math.max(saved.bounds.height, size.minHeight), area.height);
  const x = Math.min(Math.max(saved.bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(saved.bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/**
 * What closing the window does, in one place:
 * - quitting: it closes;
 * - a tray icon is there to bring it back: it hides (the connection stays up);
 * - no tray (GNOME without the AppIndicator extension): it minimises, so it stays in the taskbar or dock;
 *   closing it again from there while it is minimised or hidden quits, or nothing could end Holdfast.
 */
export type CloseAction = 'close' | 'hide' | 'minimize' | 'quit';

export function closeAction(facts: {
  quitting: boolean;
  trayVisible: boolean;
  minimized: boolean;
  visible: boolean;
}): CloseAction {
  if (facts.quitting) return 'close';
  if (facts.trayVisible) return 'hide';
  return facts.minimized || !facts.visible ? 'quit' : 'minimize';
}

/**
 * How the window starts. Waiting in the tray needs a tray to come back from: without one, a start that
 * asked for the tray (`--hidden`, start at login, "start minimised") opens minimised instead.
 */
export type StartMode = 'show' | 'tray' | 'minimized';

export function startMode(facts: {
  hiddenRequested: boolean;
  startMinimized: boolean;
  trayVisible: boolean;
}): StartMode {
  if (!facts.hiddenRequested && !facts.startMinimized) return 'show';
  return facts.trayVisible ? 'tray' : 'minimized';
}

/** `ui.startMinimized` from core settings, read defensively (absent counts as false). */
export function startMinimizedSetting(settings: unknown): boolean {
  return (settings as { ui?: { startMinimized?: unknown } } | null | undefined)?.ui?.startMinimized === true;
}
