import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../preload/contract';
import type { CoreEvent, NotificationEvent } from './core/events';
import type * as CoreModule from './core/service/core';
import type * as FakeElectron from './shell/testing/fake-electron';

// The Electron entry point run in plain Node against a recording stand-in for Electron
// (shell/testing/fake-electron.ts) and the real core on an empty data folder. It checks the wiring the
// unit tests of the pure modules cannot: what the window is created with, who IPC answers, what reaches
// the window, and that quitting waits for core. Nothing here connects a tunnel.

vi.mock('electron', () => import('./shell/testing/fake-electron'));
const logged = vi.hoisted(() => [] as string[]);
// The real core, captured to push events into it and to stand in for a previous session's leftover
// kill switch (which needs root and nftables to be real).
const captured = vi.hoisted(() => ({
  core: null as CoreModule.HoldfastCore | null,
  options: null as CoreModule.HoldfastCoreOptions | null,
  leftover: { blocked: false, cleared: 0 },
  /** Whether the desktop shows tray icons (the session bus is not asked in a test). */
  tray: true,
  /** electron-store's file, seeded with the window's place from a previous run. */
  store: new Map<string, unknown>([
    ['window', { bounds: { x: 50, y: 60, width: 1000, height: 700 }, maximized: false }],
  ]),
}));
vi.mock('./shell/tray-presence', () => ({ trayVisible: async () => captured.tray }));
vi.mock('electron-store', () => ({
  default: class {
    constructor(readonly options: Record<string, unknown>) {}
    get = (key: string) => captured.store.get(key);
    set = (key: string, value: unknown) => captured.store.set(key, value);
  },
}));
vi.mock('./core/service/core', async (importOriginal) => {
  const real = await importOriginal<typeof CoreModule>();
  return {
    ...real,
    createHoldfastCore: async (options: CoreModule.HoldfastCoreOptions) => {
      const core = await real.createHoldfastCore(options);
      const dispatch = core.dispatcher.dispatch.bind(core.dispatcher);
      core.dispatcher.dispatch = async (command, params) => {
        if (command === 'recovery.status')
          return { ok: true, value: { blocked: captured.leftover.blocked, detail: null } };
        if (command === 'recovery.clear') {
          captured.leftover.cleared++;
          captured.leftover.blocked = false;
          return { ok: true, value: { blocked: false, detail: null } };
        }
        return dispatch(command, params);
      };
      captured.core = core;
      captured.options = options;
      return core;
    },
  };
});
vi.mock('electron-log/node', () => ({
  default: {
    transports: { file: {} },
    info: (m: string) => logged.push(`info: ${m}`),
    warn: (m: string) => logged.push(`warn: ${m}`),
    error: (m: string) => logged.push(`error: ${m}`),
  },
}));

let fake: typeof FakeElectron;
let dataDir: string;

function wireguardConf(): string {
  const key = () => {
    const { privateKey, publicKey } = generateKeyPairSync('x25519');
    const b64 = (s?: string) => Buffer.from(s ?? '', 'base64url').toString('base64');
    return { priv: b64(privateKey.export({ format: 'jwk' }).d), pub: b64(publicKey.export({ format: 'jwk' }).x) };
  };
  return [
    '[Interface]',
    `PrivateKey = ${key().priv}`,
    'Address = 10.66.0.2/32',
    '',
    '[Peer]',
    `PublicKey = ${key().pub}`,
    'AllowedIPs = 0.0.0.0/0',
    'Endpoint = 192.0.2.10:51820',
    '',
  ].join('\n');
}

const window = () => fake.BrowserWindow.instances[0]!;
const invoke = (event: unknown, command: string, params: unknown) =>
  fake.ipcMain.handlers.get(IPC_INVOKE_CHANNEL)!(event, command, params) as Promise<{ ok: boolean; value?: unknown }>;
const fromWindow = () => ({ sender: { id: window().webContents.id }, senderFrame: { url: window().webContents.url } });
const trayLabels = () => (fake.Tray.instances[0]!.menu?.template ?? []).map((item) => item.label ?? item.type);
const trayItem = (label: string) => fake.Tray.instances[0]!.menu!.template.find((item) => item.label === label)!;
const emit = (event: CoreEvent) => captured.core!.events.emit(event);
const notification = (patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  type: 'notification',
  at: '2030-01-01T00:00:00.000Z',
  title: 'Reconnected',
  body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
  kind: 'resolved',
  incidentId: 'inc-1',
  code: 'failover.resolved',
  params: {},
  ...patch,
});
const sentOfType = (type: string) =>
  window()
    .webContents.sent.filter(([channel, event]) => channel === IPC_EVENT_CHANNEL && (event as CoreEvent).type === type)
    .map(([, event]) => event);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'holdfast-shell-'));
  process.env.HOLDFAST_DATA_DIR = dataDir;
  delete process.env.ELECTRON_RENDERER_URL;
  fake = await import('./shell/testing/fake-electron');
  await import('./index');
  await vi.waitFor(() => expect(fake.Tray.instances).toHaveLength(1), { timeout: 10_000 });
});

afterAll(async () => {
  delete process.env.HOLDFAST_DATA_DIR;
  await rm(dataDir, { recursive: true, force: true });
});

describe('the Electron entry point', () => {
  it('keeps its data in HOLDFAST_DATA_DIR and Chromium apart from it', () => {
    expect(fake.app.getPath('userData')).toBe(dataDir);
    expect(fake.app.getPath('sessionData')).toBe(path.join(dataDir, 'chromium'));
    expect(fake.app.sandboxEnabled).toBe(true);
  });

  it('creates one locked-down window showing the built page', () => {
    expect(fake.BrowserWindow.instances).toHaveLength(1);
    expect(window().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: expect.stringMatching(/preload[/\\]index\.cjs$/),
    });
    expect(window().webContents.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(window().isVisible()).toBe(true);
  });

  it('opens the window where it was last and remembers where it goes', async () => {
    expect(window().options).toMatchObject({ x: 50, y: 60, width: 1000, height: 700 });
    window().resizeTo(1200, 800);
    await vi.waitFor(() =>
      expect(captured.store.get('window')).toEqual({
        bounds: { x: 50, y: 60, width: 1200, height: 800 },
        maximized: false,
      }),
    );
    // electron-store's own IPC channel is removed: the window gets no IPC beyond the contract.
    expect(fake.ipcMain.removedListeners).toContain('electron-store-get-data');
  });

  it('answers IPC from its window and refuses everything else', async () => {
    await expect(invoke(fromWindow(), 'app.info', {})).resolves.toMatchObject({
      ok: true,
      // Linux without a keyring reports basic_text: secrets go to the data-folder key instead.
      value: { version: '0.0.0-test', vault: { strength: 'file-key' } },
    });
    const foreign = { sender: { id: window().webContents.id }, senderFrame: { url: 'https://example.com/' } };
    await expect(invoke(foreign, 'app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    const otherContents = { sender: { id: 999 }, senderFrame: { url: window().webContents.url } };
    await expect(invoke(otherContents, 'connection.disconnect', {})).resolves.toMatchObject({ ok: false });
    expect(logged.some((line) => line.startsWith('warn: IPC refused'))).toBe(true);
  });

  it('imports through the native dialog and tells the window and the tray', async () => {
    expect(trayLabels()).toContain('Import a profile…');
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-tokyo-1.conf`);
    await writeFile(file, wireguardConf());
    fake.dialog.nextOpen = { canceled: false, filePaths: [file] };
    try {
      const result = await invoke(fromWindow(), 'profiles.importDialog', {});
      expect(result).toMatchObject({ ok: true, value: [{ status: 'imported' }] });
    } finally {
      await rm(file, { force: true });
    }
    expect(fake.dialog.openCalls[0]?.[1]).toMatchObject({ properties: ['openFile', 'multiSelections'] });
    expect(window().webContents.sent).toContainEqual([
      IPC_EVENT_CHANNEL,
      expect.objectContaining({ type: 'profiles-changed' }),
    ]);
    await vi.waitFor(() => expect(trayLabels()).toContain('Connect'));
    expect(fake.Tray.instances[0]!.tooltip).toBe('Holdfast: Not connected');
  });

  it('offers system notifications and tells the window so', async () => {
    expect(captured.options?.systemNotifications).toBe(true);
    await expect(invoke(fromWindow(), 'app.info', {})).resolves.toMatchObject({
      value: {
        capabilities: { importDialog: true, systemNotifications: true, tray: true },
        distribution: 'source',
        version: '0.0.0-test',
      },
    });
    // In development nothing is registered to start at login (it would start the bare Electron binary).
    expect(fake.app.loginItemCalls).toEqual([]);
  });

  it('leaves notifications to the window while it has the focus', () => {
    window().show();
    window().focus();
    emit(notification({ incidentId: 'inc-focused' }));
    expect(fake.Notification.instances).toHaveLength(0);
    expect(sentOfType('notification')).toContainEqual(expect.objectContaining({ incidentId: 'inc-focused' }));
  });

  it('shows one system notification when the window is not focused; a click opens the window on the incident', () => {
    window().blur();
    emit(notification({ kind: 'unresolved', incidentId: 'inc-2', title: 'No server is reachable' }));
    expect(fake.Notification.instances).toHaveLength(1);
    const shown = fake.Notification.instances[0]!;
    expect(shown.shown).toBe(1);
    // Worded from the window's tables by kind and code, as the toast would be.
    expect(shown.options).toMatchObject({ title: 'No server reachable', silent: false });
    expect(shown.options.icon).toMatch(/assets[/\\]icon\.png$/);

    window().hide();
    shown.emit('click');
    expect(window().isVisible()).toBe(true);
    expect(window().isFocused()).toBe(true);
    expect(sentOfType('navigate')).toEqual([
      { type: 'navigate', at: expect.any(String), view: 'incident', incidentId: 'inc-2' },
    ]);

    window().blur();
    emit(notification({ kind: 'resolved', incidentId: 'inc-3' }));
    expect(fake.Notification.instances).toHaveLength(2);
    expect(fake.Notification.instances[1]!.options).toMatchObject({ silent: true });
  });

  it('forwards credential prompts to the window', () => {
    emit({
      type: 'credentials-request',
      at: 't',
      requestId: 'req-1',
      profile: 'p',
      profileName: 'Work',
      previousFailed: false,
    });
    expect(sentOfType('credentials-request')).toEqual([expect.objectContaining({ requestId: 'req-1' })]);
  });

  it('offers "Recover network…" while a previous session blocks the network, and clears it after confirming', async () => {
    captured.leftover.blocked = true;
    emit({ type: 'state', at: 't', state: 'disconnected', profile: null, reason: 'test' });
    await vi.waitFor(() => expect(trayLabels()).toContain('Recover network…'));
    expect(fake.Tray.instances[0]!.tooltip).toBe(
      'Holdfast: Not connected. A previous session still blocks the network',
    );
    expect(fake.Tray.instances[0]!.image.path).toMatch(/blocked-32\.png$/);

    fake.dialog.nextMessageBoxResponse = 1; // Cancel
    trayItem('Recover network…').click!();
    await vi.waitFor(() => expect(fake.dialog.messageBoxes).toHaveLength(1));
    expect(fake.dialog.messageBoxes[0]).toMatchObject({ type: 'warning', buttons: ['Unblock the network', 'Cancel'] });
    expect(captured.leftover.cleared).toBe(0);

    fake.dialog.nextMessageBoxResponse = 0; // Unblock the network
    trayItem('Recover network…').click!();
    await vi.waitFor(() => expect(trayLabels()).not.toContain('Recover network…'));
    expect(captured.leftover.cleared).toBe(1);
    expect(fake.Tray.instances[0]!.tooltip).toBe('Holdfast: Not connected');
  });

  it("speaks the user's language in the tray and in notifications, and follows a change at once", async () => {
    const set = (value: string) => invoke(fromWindow(), 'settings.set', { key: 'ui.language', value });
    await expect(set('zh-CN')).resolves.toMatchObject({ ok: true });
    expect(fake.Tray.instances[0]!.tooltip).toBe('Holdfast：未连接');
    expect(trayLabels()).toEqual(['未连接', 'separator', '连接', 'separator', '显示 Holdfast', '退出 Holdfast']);
    window().blur();
    emit(notification({ kind: 'unresolved', incidentId: 'inc-zh', code: 'failover.unreachable' }));
    expect(fake.Notification.instances.at(-1)!.options).toMatchObject({ title: '没有可用的服务器' });

    // "system" follows the system's languages.
    fake.app.systemLanguages = ['zh-TW', 'en-US'];
    await set('system');
    expect(trayLabels()).toContain('显示 Holdfast');
    fake.app.systemLanguages = ['en-US'];
    await set('en');
    expect(fake.Tray.instances[0]!.tooltip).toBe('Holdfast: Not connected');
  });

  it('blocks new windows, navigation away, webviews, permissions and network requests', () => {
    const contents = window().webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    const away = fake.fakeEvent({ url: 'https://example.com/' });
    contents.emit('will-frame-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    const home = fake.fakeEvent({ url: contents.url });
    contents.emit('will-frame-navigate', home);
    expect(home.defaultPrevented).toBe(false);
    const webview = fake.fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);

    const { handlers, webRequest } = fake.session.defaultSession;
    const permission = vi.fn();
    (handlers.permissionRequest as (...a: unknown[]) => void)(contents, 'media', permission);
    expect(permission).toHaveBeenCalledWith(false);
    const request = vi.fn();
    (webRequest.handlers.beforeRequest!.handler as (...a: unknown[]) => void)({ url: 'https://example.com/' }, request);
    expect(request).toHaveBeenCalledWith({ cancel: true });
    const headers = vi.fn();
    (webRequest.handlers.headersReceived!.handler as (...a: unknown[]) => void)({ responseHeaders: {} }, headers);
    expect(headers.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0]).toMatch(/^default-src 'none'/);
  });

  it('hides the window on close, and shows it from the tray', () => {
    window().close();
    expect(window().isDestroyed()).toBe(false);
    expect(window().isVisible()).toBe(false);
    fake.Tray.instances[0]!.emit('double-click');
    expect(window().isVisible()).toBe(true);
  });

  it('minimises the window on close where no tray icon can be seen, and says where it went once', async () => {
    captured.tray = false;
    const before = fake.Notification.instances.length;
    // The tray is looked for again at every close; this close still knew a tray.
    window().close();
    await vi.waitFor(() => expect(logged).toContain('info: Tray icons cannot be seen now'));
    fake.Tray.instances[0]!.emit('double-click');
    window().close();
    expect(window().isDestroyed()).toBe(false);
    expect(window().isVisible()).toBe(true);
    expect(window().isMinimized()).toBe(true);
    expect(fake.Notification.instances.slice(before).map((n) => n.options.title)).toEqual(['Holdfast keeps running']);
    expect(fake.Notification.instances.at(-1)!.options.body).toContain('close it again from the taskbar or dock');
    await invoke(fromWindow(), 'app.info', {}).then((info) =>
      expect(info).toMatchObject({ value: { capabilities: { tray: false } } }),
    );
  });

  it('quits only after core has shut down, then closes the window and the tray', async () => {
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(window().isDestroyed()).toBe(true);
    expect(fake.Tray.instances[0]!.isDestroyed()).toBe(true);
  });
});
