import { BrowserWindow, app } from 'electron';

/**
 * The one app window. Closing it hides it (the app keeps running in the tray, holding the connection)
 * unless the app is quitting; the tray, the dock and a second launch bring it back.
 */
export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server URL, or the built index.html on disk. */
  page: { url: string } | { file: string };
  iconPath?: string;
  /** Start in the tray without showing the window (e.g. launched at login with --hidden). */
  startHidden: boolean;
  isQuitting: () => boolean;
  log: (message: string) => void;
}

/** A renderer that crashes is reloaded, but not in a loop. */
const MAX_RELOADS = 3;
const RELOAD_WINDOW_MS = 60_000;

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 760,
    minHeight: 520,
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
    if (!options.startHidden) window.show();
  });

  window.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    window.hide();
  });

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
