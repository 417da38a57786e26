import { pathToFileURL } from 'node:url';

/**
 * Where the app's own pages come from, and the checks that keep everything else out: IPC from any
 * other page, navigation away, and new windows. Pure (no Electron) so that the rules are unit-tested.
 *
 * - Production: the renderer is `out/renderer/index.html` loaded from disk. `file:` URLs have an opaque
 *   origin, so "our origin" is the renderer directory itself: any file below it, nothing beside it.
 * - Development: the renderer is served by the dev server at ELECTRON_RENDERER_URL; our origin is that
 *   server's scheme, host and port, and only on loopback.
 */
export type RendererOrigin = { kind: 'file'; dirUrl: string; indexUrl: string } | { kind: 'dev'; origin: string };

export function fileRendererOrigin(indexHtmlPath: string): RendererOrigin {
  const indexUrl = pathToFileURL(indexHtmlPath).href;
  return { kind: 'file', indexUrl, dirUrl: indexUrl.slice(0, indexUrl.lastIndexOf('/') + 1) };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The dev server URL, refused unless it is http(s) on loopback: a dev build must not trust the network. */
export function devRendererOrigin(devUrl: string): RendererOrigin {
  const url = new URL(devUrl);
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`ELECTRON_RENDERER_URL must be an http(s) address on loopback, got ${url.origin}`);
  }
  return { kind: 'dev', origin: url.origin };
}

/** Whether a URL is one of the app's own pages (after URL normalization, so `..` cannot climb out). */
export function isAppUrl(rawUrl: string | null | undefined, origin: RendererOrigin): boolean {
  if (!rawUrl) return false;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (origin.kind === 'dev') return url.origin === origin.origin;
  if (url.protocol !== 'file:') return false;
  return url.href.split(/[?#]/, 1)[0]!.startsWith(origin.dirUrl);
}

/** What the shell knows about the sender of an IPC message, read from the Electron event. */
export interface IpcSender {
  /** webContents.id of the sender. */
  webContentsId: number;
  /** event.senderFrame?.url; null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
}

/**
 * IPC is answered only for our own window and only from frames showing our own pages: a page that
 * somehow got into a window (or an iframe inside ours) must not reach the VPN engine.
 */
export function isTrustedSender(
  sender: IpcSender,
  trusted: { webContentsIds: ReadonlySet<number>; origin: RendererOrigin },
): boolean {
  return trusted.webContentsIds.has(sender.webContentsId) && isAppUrl(sender.frameUrl, trusted.origin);
}

/**
 * Whether the app's session may make a network request. The renderer needs no network at all; only a
 * dev build talks to its own dev server (pages over http, hot reload over a WebSocket).
 */
export function isAllowedNetworkRequest(rawUrl: string, origin: RendererOrigin): boolean {
  if (origin.kind !== 'dev') return false;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  const dev = new URL(origin.origin);
  const sameScheme = url.protocol === dev.protocol || url.protocol === dev.protocol.replace('http', 'ws');
  return sameScheme && url.host === dev.host;
}
