/**
 * A stand-in for the parts of Electron the shell uses, recording what the shell does with them. It lets
 * main/index.test.ts run the real entry point (and the real core) in plain Node, where the Electron
 * binary cannot run. Behaviour is the minimum the shell relies on; anything else is absent on purpose.
 */
import { pathToFileURL } from 'node:url';

type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  emit(event: string, ...args: unknown[]): boolean {
    const listeners = [...(this.listeners.get(event) ?? [])];
    for (const listener of listeners) listener(...args);
    return listeners.length > 0;
  }
}

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(extra?: T): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...(extra as T),
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  url = '';
  destroyed = false;
  readonly sent: unknown[][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends Emitter {
  static readonly instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  bounds: { x: number; y: number; width: number; height: number };

  constructor(readonly options: Record<string, unknown>) {
    super();
    const n = (key: string, fallback: number) =>
      typeof options[key] === 'number' ? (options[key] as number) : fallback;
    this.bounds = { x: n('x', 100), y: n('y', 100), width: n('width', 800), height: n('height', 600) };
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }

  async loadFile(file: string): Promise<void> {
    this.webContents.url = pathToFileURL(file).href;
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
  }
  showInactive(): void {
    this.visible = true;
  }
  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.bounds };
  }
  /** Stands for the user dragging the window's edge. */
  resizeTo(width: number, height: number): void {
    this.bounds = { ...this.bounds, width, height };
    this.emit('resize');
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
  }
  /** Stands for the user switching to another app. */
  blur(): void {
    this.focused = false;
  }
  isFocused(): boolean {
    return this.focused;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As Electron: 'close' may be prevented; otherwise the window goes away. */
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroyed = true;
  }
}

class FakeApp extends Emitter {
  isPackaged = false;
  readonly paths = new Map<string, string>([
    ['userData', '/nonexistent/fake-electron-user-data'],
    ['home', '/nonexistent/fake-electron-home'],
  ]);
  readonly quitCalls: number[] = [];
  exited: number | null = null;
  quitted = false;

  getPath(name: string): string {
    const value = this.paths.get(name);
    if (!value) throw new Error(`fake electron: no path ${name}`);
    return value;
  }
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  sandboxEnabled = false;
  requestSingleInstanceLock(): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** What the system's language settings say, best first. */
  systemLanguages = ['en-US'];
  getPreferredSystemLanguages(): string[] {
    return [...this.systemLanguages];
  }
  getLocale(): string {
    return this.systemLanguages[0] ?? 'en-US';
  }
  appUserModelId: string | null = null;
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  readonly loginItemCalls: unknown[] = [];
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { ...this.loginItem };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItemCalls.push(settings);
    this.loginItem.openAtLogin = settings.openAtLogin;
  }
  /** As Electron: 'before-quit' may be prevented; otherwise windows close and 'will-quit' follows. */
  quit(): void {
    this.quitCalls.push(Date.now());
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of BrowserWindow.getAllWindows()) window.close();
    this.emit('will-quit', fakeEvent());
    this.quitted = true;
  }
  exit(code: number): void {
    this.exited = code;
  }
}

export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  removedListeners: [] as string[],
  removeAllListeners(channel: string): void {
    this.removedListeners.push(channel);
  },
};

/** One 1920×1080 display with a top bar, as the window's place is checked against it. */
export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 32, width: 1920, height: 1048 } }],
};

export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (): Buffer => {
    throw new Error('fake electron: basic_text must not be used');
  },
  decryptString: (): string => {
    throw new Error('fake electron: basic_text must not be used');
  },
};

export const dialog = {
  errors: [] as [string, string][],
  nextOpen: { canceled: true, filePaths: [] as string[] },
  openCalls: [] as unknown[][],
  async showOpenDialog(...args: unknown[]) {
    this.openCalls.push(args);
    return this.nextOpen;
  },
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
  /** Answered with `nextMessageBoxResponse` (the index of the button "clicked"). */
  messageBoxes: [] as Record<string, unknown>[],
  nextMessageBoxResponse: 0,
  async showMessageBox(...args: unknown[]) {
    const options = args.at(-1) as Record<string, unknown>;
    this.messageBoxes.push(options);
    return { response: this.nextMessageBoxResponse, checkboxChecked: false };
  },
};

/** Records every notification the shell creates; a test "clicks" one with emit('click'). */
export class Notification extends Emitter {
  static readonly instances: Notification[] = [];
  static supported = true;
  shown = 0;

  static isSupported(): boolean {
    return Notification.supported;
  }

  constructor(readonly options: Record<string, unknown>) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown++;
  }
}

type Handler = (...args: never[]) => unknown;

export const session = {
  defaultSession: {
    handlers: {} as Record<string, Handler>,
    setPermissionRequestHandler(handler: Handler): void {
      this.handlers.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: Handler): void {
      this.handlers.permissionCheck = handler;
    },
    setDevicePermissionHandler(handler: Handler): void {
      this.handlers.devicePermission = handler;
    },
    webRequest: {
      handlers: {} as Record<string, { filter: unknown; handler: Handler }>,
      onHeadersReceived(filter: unknown, handler: Handler): void {
        this.handlers.headersReceived = { filter, handler };
      },
      onBeforeRequest(filter: unknown, handler: Handler): void {
        this.handlers.beforeRequest = { filter, handler };
      },
    },
  },
};

export interface FakeMenu {
  template: { label?: string; type?: string; enabled?: boolean; click?: () => void }[];
}

export const Menu = {
  applicationMenu: undefined as FakeMenu | null | undefined,
  buildFromTemplate(template: FakeMenu['template']): FakeMenu {
    return { template };
  },
  setApplicationMenu(menu: FakeMenu | null): void {
    this.applicationMenu = menu;
  },
};

export const nativeImage = {
  createFromPath(path: string) {
    return {
      path,
      template: false,
      setTemplateImage(flag: boolean) {
        this.template = flag;
      },
    };
  },
};

export class Tray extends Emitter {
  static readonly instances: Tray[] = [];
  image: { path: string };
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = false;

  constructor(image: { path: string }) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: { path: string }): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.menu = menu;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}
