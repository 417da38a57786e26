import { BrowserWindow, app } from 'electron';
import type { Bounds, CloseAction, StartMode, WindowState } from './window-state';

/**
 * The one app window. Closing it hides it to the tray (the app keeps running, holding the connection), or
 * minimises it where no tray can be seen (window-state.ts decides); the tray, the dock and a second
 * launch bring it back. It opens where it was last (clamped to a display) and reports where it is now.
 */
export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server URL, or the built index.html on disk. */
  page: { url: string } | { file: string };
  iconPath?: string;
  /** Shown, waiting in the tray (launched at login, "start minimised"), or minimised where there is no tray. */
  start: StartMode;
  /** Where it was last, already clamped to a display; null opens at the default place. */
  bounds: Bounds | null;
  maximized: boolean;
  /** What a close does now (window-state.ts `closeAction`, with the current tray and quit facts). */
  onClose: (facts: { minimized: boolean; visible: boolean }) => CloseAction;
  /** A close that means "quit" (no tray, closed again from the taskbar). */
  quit: () => void;
  /** The window moved, was resized, maximised or restored (debounced by the caller if it likes). */
  onStateChange?: (state: WindowState) => void;
  log: (message: string) => void;
}

export const WINDOW_SIZE = { width: 1100, height: 720, minWidth: 760, minHeight: 520 };

/** A renderer that crashes is reloaded, but not in a loop. */
const MAX_RELOADS = 3;
const RELOAD_WINDOW_MS = 60_000;

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: options.bounds?.width ?? WINDOW_SIZE.width,
    height: options.bounds?.height ?? WINDOW_SIZE.height,
    ...(options.bounds ? { x: options.bounds.x, y: options.bounds.y } : {}),
    minWidth: WINDOW_SIZE.minWidth,
    minHeight: WINDOW_SIZE.minHeight,
    show: false,
    title: 'Holdfast',
    backgroundColor: '#101820',
    autoHideMenuBar: true,
    ...(options.iconPath && process.platform === 'linux' ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // DevTools in a shipped VPN client invite "paste this into the console" tricks.
      devTools: !app.isPackaged,
    },
  });

  window.once('ready-to-show', () => {
    if (options.start === 'tray') return;
    if (options.maximized) window.maximize();
    if (options.start === 'minimized') {
      // Shown minimised: in the taskbar, not in the user's face, and never invisible.
      window.showInactive();
      window.minimize();
    } else window.show();
  });

  window.on('close', (event) => {
    const action = options.onClose({ minimized: window.isMinimized(), visible: window.isVisible() });
    if (action === 'close') return;
    event.preventDefault();
    if (action === 'hide') window.hide();
    else if (action === 'minimize') window.minimize();
    else options.quit();
  });

  const report = () => {
    if (window.isDestroyed() || window.isMinimized()) return;
    // The normal bounds, so a maximised window comes back maximised over the size it had before.
    options.onStateChange?.({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  window.on('resize', report);
  window.on('move', report);
  window.on('maximize', report);
  window.on('unmaximize', report);

  const reloads: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    options.log(`The window's renderer stopped (${details.reason})`);
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const now = Date.now();
    while (reloads.length > 0 && now - reloads[0]! > RELOAD_WINDOW_MS) reloads.shift();
    if (reloads.length >= MAX_RELOADS) return;
    reloads.push(now);
    loadPage(window, options.page, options.log);
  });

  loadPage(window, options.page, options.log);
  return window;
}

function loadPage(window: BrowserWindow, page: MainWindowOptions['page'], log: (message: string) => void): void {
  const loading = 'url' in page ? window.loadURL(page.url) : window.loadFile(page.file);
  loading.catch((err: unknown) => log(`The window could not load its page: ${(err as Error).message}`));
}

export function showWindow(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
