/**
 * The Electron entry: one instance, the core engine, the window, the tray and the IPC bridge between
 * them. Decisions live in core and in the pure modules of main/shell; this file only wires.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Notification, app, dialog, ipcMain, safeStorage, screen, type BrowserWindow } from 'electron';
import { createHoldfastCore, type HoldfastCore } from './core/service/core';
import { adoptLegacyDataDir, defaultDataDir, type Adoption } from './core/storage/data-dir';
import { APP_CONTROL_SOCKET, serveControl } from './cli/control-socket';
import { FileKeyVault } from './core/security/file-key-vault';
import { createAppLog, type AppLog } from './shell/app-log';
import { installAppMenu } from './shell/app-menu';
import { importDialogHandler } from './shell/import-dialog';
import { installIpcBridge, sendShellEvent } from './shell/ipc-bridge';
import { applyLoginItem, launchAtLoginSetting, planLoginItem } from './shell/login-item';
import { WINDOW_SIZE, createMainWindow, showWindow } from './shell/main-window';
import { openAppPrivileges, type AppPrivileges } from './shell/privileged-backend';
import { QuitGuard } from './shell/quit-guard';
import { recoverNetwork } from './shell/recover-network';
import { devRendererOrigin, fileRendererOrigin, type RendererOrigin } from './shell/renderer-origin';
import { createShellVault } from './shell/safe-storage-vault';
import { watchSettings } from './shell/settings-watch';
import { ShellLanguage } from './shell/shell-text';
import { installSystemNotifications } from './shell/system-notifications';
import { TrayController } from './shell/tray';
import { createTrayFeed } from './shell/tray-feed';
import { toTrayPlatform, type TrayAction } from './shell/tray-model';
import { trayVisible, type RunFn } from './shell/tray-presence';
import { closeAction, restoreBounds, startMinimizedSetting, startMode, type WindowState } from './shell/window-state';
import { openWindowStateStore } from './shell/window-state-store';
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
    // Settings may be what failed: the system's language is the one thing known here.
    dialog.showErrorBox(new ShellLanguage(null, systemLanguages).current().t('shell.dialogs.startFailed'), message);
    app.exit(1);
  });
}

/** The languages the system prefers, best first (what "system" follows in the tray and dialogs). */
function systemLanguages(): string[] {
  const preferred = app.getPreferredSystemLanguages?.() ?? [];
  return preferred.length > 0 ? preferred : [app.getLocale()];
}

/** Runs a small system program (dbus-send for the tray check) with a short timeout. */
const runQuick: RunFn = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 2000 }, (err, stdout) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') reject(err);
      else resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout) });
    });
  });

async function start(): Promise<void> {
  const log: AppLog = createAppLog(dataDir);
  let window: BrowserWindow | null = null;
  let core: HoldfastCore | null = null;
  let privileges: AppPrivileges | null = null;
  let language: ShellLanguage | null = null;
  const t = () => (language ?? new ShellLanguage(null, systemLanguages)).current().t;

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
    t,
    importPaths: (paths, jobId) => {
      if (!core) throw new Error('Holdfast is still starting');
      return core.importPaths(paths, jobId);
    },
  });
  // Where no tray icon can be seen, closing the window minimises it instead of hiding it (window-state.ts).
  // Asked again at every close: the user may turn a tray extension on or off while Holdfast runs.
  let hasTray = await trayVisible(process.platform, runQuick);
  const refreshTrayPresence = () =>
    void trayVisible(process.platform, runQuick).then((visible) => {
      if (visible !== hasTray) log.info(`Tray icons ${visible ? 'can' : 'cannot'} be seen now`);
      hasTray = visible;
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
    appImage: Boolean(process.env.APPIMAGE),
    log,
  });
  core = await createHoldfastCore({
    ...privileges.coreOptions,
    dataDir,
    vault,
    version: app.getVersion(),
    client: 'app',
    extraHandlers: {
      'profiles.importDialog': importDialog,
      'app.info': privileges.infoHandler(
        () => core,
        () => ({
          capabilities: { importDialog: true, systemNotifications, tray: hasTray },
          distribution: process.env.APPIMAGE ? 'appimage' : app.isPackaged ? 'package' : 'source',
        }),
      ),
    },
    systemNotifications,
  });
  const engine = core;
  privileges.attach(engine);
  // The tray, notifications and dialogs speak ui.language (or the system's), and follow it when it changes.
  language = new ShellLanguage(engine.settings.get(), systemLanguages);
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
      if (language?.apply(settings)) tray?.redraw();
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
  // Size and place from last time, kept with electron-store (window-state-store.ts).
  const windowStore = await openWindowStateStore(dataDir, (m) => log.warn(m)).catch((err: unknown) => {
    log.warn(`The window's size and place are not remembered this time: ${String(err)}`);
    return null;
  });
  // electron-store offers its folder to renderers over an IPC channel of its own; our window gets none.
  ipcMain.removeAllListeners('electron-store-get-data');
  const saved = windowStore?.read() ?? null;
  let unsaved: WindowState | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const saveWindowState = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    if (unsaved) windowStore?.write(unsaved);
    unsaved = null;
  };
  let toldAboutNoTray = false;
  window = createMainWindow({
    preloadPath,
    page: devUrl ? { url: devUrl } : { file: rendererIndex },
    iconPath: appIconPath,
    start: startMode({
      hiddenRequested: process.argv.includes('--hidden') || openedAtLogin,
      startMinimized: startMinimizedSetting(engine.settings.get()),
      trayVisible: hasTray,
    }),
    bounds: restoreBounds(
      saved,
      screen.getAllDisplays().map((display) => display.workArea),
      WINDOW_SIZE,
    ),
    maximized: saved?.maximized ?? false,
    onClose: (facts) => {
      const action = closeAction({ quitting: quitGuard.quitting, trayVisible: hasTray, ...facts });
      if (action === 'minimize' && !toldAboutNoTray && systemNotifications) {
        // Once per run: where the window went, and how to end Holdfast without a tray menu.
        toldAboutNoTray = true;
        const words = t();
        new Notification({
          title: words('shell.dialogs.noTray.title'),
          body: `${words('shell.dialogs.noTray.message')} ${words('shell.dialogs.noTray.detail')}`,
          silent: true,
          icon: appIconPath,
        }).show();
      }
      if (action !== 'close') refreshTrayPresence();
      return action;
    },
    quit: () => app.quit(),
    onStateChange: (state) => {
      // Moving fires many events: write once things are still for half a second.
      unsaved = state;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = setTimeout(saveWindowState, 500);
    },
    log: (m) => log.warn(m),
  });

  installSystemNotifications({
    events: engine.events,
    supported: systemNotifications,
    // A hidden or minimised window cannot show a toast to anyone.
    windowFocused: () => Boolean(window && !window.isDestroyed() && window.isVisible() && window.isFocused()),
    create: (spec) => new Notification({ ...spec, icon: appIconPath }),
    text: () => (language ?? new ShellLanguage(null, systemLanguages)).current(),
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
          t: t(),
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
    t,
  });
  app.on('will-quit', () => {
    saveWindowState();
    feed.stop();
    tray?.destroy();
  });
}
