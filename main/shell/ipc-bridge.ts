import type { CoreEvent } from '../core/events';
import {
  EVENT_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  SHELL_EVENT_NAMES,
  type AppEvent,
  type Envelope,
  type ShellEvent,
} from '../../preload/contract';
import { isAppUrl, isTrustedSender, type RendererOrigin } from './renderer-origin';

/**
 * Connects the contract to Electron's IPC: commands from the window go to the core dispatcher (which
 * validates every payload), core events go to the window. Electron objects are reduced to the few
 * members used here, so the trust rules are unit-tested with fakes.
 */

/** The parts of Electron's IpcMainInvokeEvent read here. */
export interface InvokeEventLike {
  sender: { id: number };
  /** May be null, and reading `url` throws once the frame is disposed. */
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The window's web contents, as far as this bridge needs them. */
export interface WindowContentsLike {
  id: number;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  dispatcher: { dispatch(command: unknown, params: unknown): Promise<Envelope<unknown>> };
  events: { on(listener: (event: CoreEvent) => void): () => void };
  origin: RendererOrigin;
  /** The main window's web contents, or null while there is none. */
  contents: () => WindowContentsLike | null;
  /** Told about refused requests (for the log); never given the payload. */
  onRefused?: (why: string) => void;
}

// Shell event names are the shell's to send: an event from core that claimed one would be an impostor.
const SHELL_ONLY: ReadonlySet<string> = new Set(SHELL_EVENT_NAMES);
const FORWARDED: ReadonlySet<string> = new Set(EVENT_NAMES.filter((name) => !SHELL_ONLY.has(name)));

/** Core events the renderer may see: those the contract lists, minus the names the shell sends itself. */
export function isForwardedEvent(event: CoreEvent): boolean {
  return FORWARDED.has(event.type);
}

/**
 * Puts one event on the window's event channel, if the window still shows our page (navigation away is
 * blocked anyway). Returns whether it was sent.
 */
function deliver(contents: WindowContentsLike | null, origin: RendererOrigin, event: AppEvent): boolean {
  if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL(), origin)) return false;
  contents.send(IPC_EVENT_CHANNEL, event);
  return true;
}

/** Sends an event that originates in the shell (see ShellEvent in the contract) to the window. */
export function sendShellEvent(
  contents: WindowContentsLike | null,
  origin: RendererOrigin,
  event: ShellEvent,
): boolean {
  if (!SHELL_ONLY.has(event.type)) return false;
  return deliver(contents, origin, event);
}

function frameUrl(event: InvokeEventLike): string | null {
  try {
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

export const REFUSED_ENVELOPE: Envelope<never> = Object.freeze({
  ok: false,
  error: { code: 'invalid-request', message: 'Refused: the request did not come from the Holdfast window.' },
}) as Envelope<never>;

/** Installs the handler and the event forwarding; returns a function that removes both. */
export function installIpcBridge(options: IpcBridgeOptions): () => void {
  const { ipcMain, dispatcher, origin } = options;

  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, command, params) => {
    const contents = options.contents();
    const sender = { webContentsId: event.sender.id, frameUrl: frameUrl(event) };
    const webContentsIds = new Set(contents && !contents.isDestroyed() ? [contents.id] : []);
    if (!isTrustedSender(sender, { webContentsIds, origin })) {
      options.onRefused?.(
        `IPC refused from web contents ${sender.webContentsId} at ${sender.frameUrl ?? '(no frame)'}`,
      );
      return REFUSED_ENVELOPE;
    }
    return dispatcher.dispatch(command, params);
  });

  const unsubscribe = options.events.on((event) => {
    if (isForwardedEvent(event)) deliver(options.contents(), origin, event);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
