/**
 * The Electron entry: one instance, the core engine, the window, the tray and the IPC bridge between
 * them. Decisions live in core and in the pure modules of main/shell; this file only wires.
 */
import path from 'node:path';
import { app, dialog, ipcMain, safeStorage, type BrowserWindow } from 'electron';
import { createHoldfastCore, type HoldfastCore } from './core/service/core';
import { FileKeyVault } from './core/security/file-key-vault';
import { createAppLog, type AppLog } from './shell/app-log';
import { installAppMenu } from './shell/app-menu';
import { importDialogHandler } from './shell/import-dialog';
import { installIpcBridge } from './shell/ipc-bridge';
import { createMainWindow, showWindow } from './shell/main-window';
import { QuitGuard } from './shell/quit-guard';
import { devRendererOrigin, fileRendererOrigin, type RendererOrigin } from './shell/renderer-origin';
import { createShellVault } from './shell/safe-storage-vault';
import { TrayController } from './shell/tray';
import { createTrayFeed } from './shell/tray-feed';
import { toTrayPlatform, type TrayAction } from './shell/tray-model';
import { guardWebContents, hardenDefaultSession } from './shell/web-security';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html; assets/ beside out/
// (inside app.asar once packaged).
const mainDir = import.meta.dirname;
const preloadPath = path.join(mainDir, '../preload/index.cjs');
const rendererIndex = path.join(mainDir, '../renderer/index.html');
const assetsDir = path.join(mainDir, '../../assets');

const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const origin: RendererOrigin = devUrl ? devRendererOrigin(devUrl) : fileRendererOrigin(rendererIndex);

// HOLDFAST_DATA_DIR is honoured as by the CLI (tests use it to start from an empty folder).
const dataDir = path.resolve(process.env.HOLDFAST_DATA_DIR || app.getPath('userData'));
app.setPath('userData', dataDir);
// Chromium's caches go to their own folder, apart from profiles, secrets and settings.
app.setPath('sessionData', path.join(dataDir, 'chromium'));

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Holdfast is running: it receives 'second-instance' and shows its window.
  app.quit();
} else {
  void start().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    dialog.showErrorBox('Holdfast could not start', message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const log: AppLog = createAppLog(dataDir);
  let window: BrowserWindow | null = null;
  let core: HoldfastCore | null = null;

  guardWebContents(origin, (m) => log.warn(m));

  const quitGuard = new QuitGuard({
    shutdown: async () => {
      if (core) await core.shutdown('Holdfast is quitting');
    },
    quit: () => app.quit(),
    deadlineMs: 15_000,
    setTimer: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
    log: (m) => log.warn(m),
  });
  app.on('before-quit', (event) => quitGuard.onBeforeQuit(event));
  // The tray keeps the app (and the connection) alive with no window open.
  app.on('window-all-closed', () => {
    if (quitGuard.quitting) app.quit();
  });
  app.on('second-instance', () => showWindow(window));
  app.on('activate', () => showWindow(window));

  await app.whenReady();
  log.info(`Holdfast ${app.getVersion()} starting (${process.platform}, data in ${dataDir})`);

  // safeStorage reports the Linux keyring only after 'ready'.
  const vault = await createShellVault({
    safeStorage,
    platform: process.platform,
    openFileVault: () => FileKeyVault.open(dataDir),
  });
  const vaultInfo = vault.info();
  if (vaultInfo.warning) log.warn(`Secret storage: ${vaultInfo.warning}`);

  // The import dialog needs core.importPaths, and core needs the handler: bind late through `core`.
  const importDialog = importDialogHandler({
    window: () => window,
    importPaths: (paths) => {
      if (!core) throw new Error('Holdfast is still starting');
      return core.importPaths(paths);
    },
  });
  core = await createHoldfastCore({
    dataDir,
    vault,
    version: app.getVersion(),
    extraHandlers: { 'profiles.importDialog': importDialog },
  });
  const engine = core;
  for (const line of await engine.recoverLeftovers().catch((err: unknown) => [`Cleanup failed: ${String(err)}`])) {
    log.warn(line);
  }
  engine.events.on((event) => {
    if (event.type === 'log') log[event.level](event.message);
    if (event.type === 'state') log.info(`Connection ${event.state}: ${event.reason}`);
  });

  hardenDefaultSession(origin, (m) => log.warn(m));
  installAppMenu(process.platform);
  installIpcBridge({
    ipcMain,
    dispatcher: engine.dispatcher,
    events: engine.events,
    origin,
    contents: () => (window && !window.isDestroyed() ? window.webContents : null),
    onRefused: (why) => log.warn(why),
  });

  window = createMainWindow({
    preloadPath,
    page: devUrl ? { url: devUrl } : { file: rendererIndex },
    iconPath: path.join(assetsDir, 'icon.png'),
    startHidden: process.argv.includes('--hidden'),
    isQuitting: () => quitGuard.quitting,
    log: (m) => log.warn(m),
  });

  const platform = toTrayPlatform(process.platform);
  let tray: TrayController | null = null;
  const feed = createTrayFeed(engine, (input) => tray?.update(input));
  const onTrayAction = (action: TrayAction): void => {
    switch (action) {
      case 'connect':
        void engine.dispatcher.dispatch('connection.connect', feed.connectParams()).then((result) => {
          // The window explains what went wrong (no privileges, missing binary, ...).
          if (!result.ok) {
            log.warn(`Connect from the tray failed: ${result.error.message}`);
            showWindow(window);
          }
        });
        return;
      case 'disconnect':
        void engine.dispatcher.dispatch('connection.disconnect', {});
        return;
      case 'show-window':
        showWindow(window);
        return;
      case 'quit':
        app.quit();
        return;
    }
  };
  tray = new TrayController({
    iconDir: path.join(assetsDir, 'tray'),
    platform,
    initial: await feed.start(),
    onAction: onTrayAction,
  });
  app.on('will-quit', () => {
    feed.stop();
    tray?.destroy();
  });
}
