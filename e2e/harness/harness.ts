import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CoreEvent } from '../../main/core/events';
import type { HoldfastCore } from '../../main/core/service/core';
import { EVENT_NAMES } from '../../preload/contract';
import { BRIDGE_PATH, SOCKET_PATH, rewriteIndexHtml } from './html-rewrite';
import { readStatic } from './static-files';

export interface HarnessOptions {
  core: Pick<HoldfastCore, 'dispatcher' | 'events'>;
  /** The production renderer bundle (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Called for every event forwarded to pages, for logs. */
  onEvent?: (event: CoreEvent) => void;
}

export interface Harness {
  url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const BRIDGE_SOURCE = path.join(import.meta.dirname, 'bridge-client.js');
const FORWARDED = new Set<string>(EVENT_NAMES);

/**
 * Serves the renderer bundle and carries the contract over a WebSocket on loopback, so a plain browser
 * drives the real core exactly as the Electron window does through the preload.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = path.resolve(options.rendererDir);
  const indexPath = path.join(rendererDir, 'index.html');
  // Read per request, so a rebuild while the harness runs is served as built.
  const readPage = async () => rewriteIndexHtml(await fs.readFile(indexPath, 'utf8'), wsOrigin);
  await fs.access(indexPath).catch(() => {
    throw new Error(`${indexPath} is missing: build the renderer first (npm run build)`);
  });
  const bridge = await fs.readFile(BRIDGE_SOURCE);
  let origin = '';
  let wsOrigin = '';

  const server = http.createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(err instanceof Error ? err.message : String(err));
    });
  });
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const urlPath = new URL(req.url ?? '/', origin).pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed');
    if (urlPath === '/' || urlPath === '/index.html') return send(200, 'text/html; charset=utf-8', await readPage());
    if (urlPath === BRIDGE_PATH) return send(200, 'text/javascript; charset=utf-8', bridge);
    const file = await readStatic(rendererDir, urlPath);
    if (!file) return send(404, 'text/plain', 'not found');
    return send(200, file.type, file.body);
  };

  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Only the page this harness served may drive the core: other local pages cannot open this socket.
    if (new URL(req.url ?? '/', origin).pathname !== SOCKET_PATH || req.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void answer(ws, data.toString()));
    });
  });

  const answer = async (ws: WebSocket, text: string) => {
    let message: { id?: unknown; command?: unknown; params?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.id !== 'number') return;
    const envelope = await options.core.dispatcher.dispatch(message.command, message.params);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: message.id, envelope }));
  };

  const unsubscribe = options.core.events.on((event) => {
    if (!FORWARDED.has(event.type)) return;
    options.onEvent?.(event);
    const frame = JSON.stringify({ event: event.type, payload: event });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${HOST}:${port}`;
  wsOrigin = `ws://${HOST}:${port}`;

  return {
    url: `${origin}/`,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
