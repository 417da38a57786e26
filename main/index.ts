/**
 * The Electron entry: one instance, the core engine, the window, the tray and the IPC bridge between
 * them. Decisions live in core and in the pure modules of main/shell; this file only wires.
 */
import path from 'node:path';
import { Notification, app, dialog, ipcMain, safeStorage, type BrowserWindow } from 'electron';
import { createHoldfastCore, type HoldfastCore } from './core/service/core';
import { adoptLegacyDataDir, defaultDataDir, type Adoption } from './core/storage/data-dir';
import { APP_CONTROL_SOCKET, serveControl } from './cli/control-socket';
import { FileKeyVault } from './core/security/file-key-vault';
import { createAppLog, type AppLog } from './shell/app-log';
import { installAppMenu } from './shell/app-menu';
import { importDialogHandler } from './shell/import-dialog';
import { installIpcBridge, sendShellEvent } from './shell/ipc-bridge';
import { applyLoginItem, launchAtLoginSetting, planLoginItem } from './shell/login-item';
import { createMainWindow, showWindow } from './shell/main-window';
import { openAppPrivileges, type AppPrivileges } from './shell/privileged-backend';
import { QuitGuard } from './shell/quit-guard';
import { recoverNetwork } from './shell/recover-network';
import { devRendererOrigin, fileRendererOrigin, type RendererOrigin } from './shell/renderer-origin';
import { createShellVault } from './shell/safe-storage-vault';
import { watchSettings } from './shell/settings-watch';
import { installSystemNotifications } from './shell/system-notifications';
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
const appIconPath = path.join(assetsDir, 'icon.png');

const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const origin: RendererOrigin = devUrl ? devRendererOrigin(devUrl) : fileRendererOrigin(rendererIndex);

// One data folder with the `holdfast` command (HOLDFAST_DATA_DIR, else $XDG_CONFIG_HOME/holdfast); the
// folder earlier versions kept in Electron's default place is moved there once (docs/desktop.md).
const adoption: Adoption = process.env.HOLDFAST_DATA_DIR
  ? { dataDir: process.env.HOLDFAST_DATA_DIR }
  : adoptLegacyDataDir(defaultDataDir(process.env, app.getPath('home')), app.getPath('userData'));
const dataDir = path.resolve(adoption.dataDir);
app.setPath('userData', dataDir);
// Chromium's caches go to their own folder, apart from profiles, secrets and settings.
app.setPath('sessionData', path.join(dataDir, 'chromium'));

app.enableSandbox();
// Windows shows notifications only for an app with an AppUserModelID; the same ID as the installer's.
if (process.platform === 'win32') app.setAppUserModelId('org.holdfast.desktop');

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
  let privileges: AppPrivileges | null = null;

  guardWebContents(origin, (m) => log.warn(m));

  const quitGuard = new QuitGuard({
    shutdown: async () => {
      if (core) await core.shutdown('Holdfast is quitting');
      await privileges?.close();
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
  if (adoption.note) log.info(adoption.note);

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
  // Linux without a notification daemon has none: the window then shows every notification itself.
  const systemNotifications = Notification.isSupported();
  // Privileged work: in-process as root, otherwise the privileged helper (docs/privileged-helper.md).
  privileges = await openAppPrivileges({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    bundleDir: mainDir,
    execPath: process.execPath,
    version: app.getVersion(),
    platform: process.platform,
    uid: process.getuid?.(),
    pathEnv: process.env.PATH,
    log,
  });
  core = await createHoldfastCore({
    ...privileges.coreOptions,
    dataDir,
    vault,
    version: app.getVersion(),
    client: 'app',
    extraHandlers: { 'profiles.importDialog': importDialog, 'app.info': privileges.infoHandler(() => core) },
    systemNotifications,
  });
  const engine = core;
  privileges.attach(engine);
  for (const line of await engine.recoverLeftovers().catch((err: unknown) => [`Cleanup failed: ${String(err)}`])) {
    log.warn(line);
  }
  // `holdfast status` and `holdfast disconnect` reach the app through the shared data folder.
  const control = await serveControl(path.join(dataDir, APP_CONTROL_SOCKET), engine.dispatcher).catch(
    (err: unknown) => {
      log.warn(`The holdfast command cannot reach this window: ${String(err)}`);
      return null;
    },
  );
  app.on('will-quit', () => void control?.close());
  engine.events.on((event) => {
    if (event.type === 'log') log[event.level](event.message);
    if (event.type === 'state') log.info(`Connection ${event.state}: ${event.reason}`);
  });

  const platform = toTrayPlatform(process.platform);
  let tray: TrayController | null = null;
  const feed = createTrayFeed(engine, (input) => tray?.update(input));
  const contents = () => (window && !window.isDestroyed() ? window.webContents : null);

  const applyStartAtLogin = (settings: unknown): void => {
    const plan = planLoginItem({
      platform: process.platform,
      enabled: launchAtLoginSetting(settings),
      packaged: app.isPackaged,
      execPath: process.execPath,
      appImagePath: process.env.APPIMAGE,
      configHome: process.env.XDG_CONFIG_HOME || path.join(app.getPath('home'), '.config'),
    });
    void applyLoginItem(plan, {
      getLoginItemSettings: (options) => app.getLoginItemSettings(options),
      setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
    })
      .then((change) => change && log.info(change))
      .catch((err: unknown) => log.warn(`Start at login could not be changed: ${String(err)}`));
  };
  applyStartAtLogin(engine.settings.get());

  hardenDefaultSession(origin, (m) => log.warn(m));
  installAppMenu(process.platform);
  installIpcBridge({
    ipcMain,
    // The shell applies some settings itself: the tray shows the kill switch, the OS starts us at login.
    dispatcher: watchSettings(engine.dispatcher, (settings) => {
      feed.refresh();
      applyStartAtLogin(settings);
    }),
    events: engine.events,
    origin,
    contents,
    onRefused: (why) => log.warn(why),
  });

  // Started by the login item: macOS reports it, Windows and Linux pass --hidden.
  const openedAtLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
  window = createMainWindow({
    preloadPath,
    page: devUrl ? { url: devUrl } : { file: rendererIndex },
    iconPath: appIconPath,
    startHidden: process.argv.includes('--hidden') || openedAtLogin,
    isQuitting: () => quitGuard.quitting,
    log: (m) => log.warn(m),
  });

  installSystemNotifications({
    events: engine.events,
    supported: systemNotifications,
    // A hidden or minimised window cannot show a toast to anyone.
    windowFocused: () => Boolean(window && !window.isDestroyed() && window.isVisible() && window.isFocused()),
    create: (spec) => new Notification({ ...spec, icon: appIconPath }),
    open: (navigation) => {
      showWindow(window);
      if (navigation) sendShellEvent(contents(), origin, navigation);
    },
    log: (m) => log.warn(m),
  });

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
      case 'recover-network':
        void recoverNetwork({
          dispatch: (command, params) => engine.dispatcher.dispatch(command, params),
          // Not attached to the window: it may be hidden, and a sheet on a hidden window is never seen.
          confirm: async (spec) => (await dialog.showMessageBox(spec)).response,
          tell: (spec) => dialog.showMessageBox(spec),
        })
          .then((outcome) => log.info(`Recover network from the tray: ${outcome}`))
          .catch((err: unknown) => log.warn(`Recover network from the tray failed: ${String(err)}`))
          .finally(() => void feed.refreshRecovery());
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
