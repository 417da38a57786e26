import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerListing } from '../../../main/core/service/server-listing';
import type { CommandName } from '../../../preload/contract';
import { appInfo, engineSettings, snapshot } from '../../../renderer/src/test/fake-holdfast';
import { BRIDGE_PATH, rewriteIndexHtml } from '../../harness/html-rewrite';
import { readStatic } from '../../harness/static-files';

export interface FixturePage {
  url: string;
  close(): Promise<void>;
}

/**
 * window.holdfast answering from fixed answers: the production renderer (its real store, components and
 * styles) over a listing of any size, without an engine in the way. Commands with no answer fail as an
 * engine without them would; no event is ever sent.
 */
function fixtureBridge(answers: Partial<Record<CommandName, unknown>>): string {
  return `(() => {
  const answers = ${JSON.stringify(answers)};
  const api = {
    invoke(command) {
      if (command in answers) return Promise.resolve({ ok: true, value: answers[command] });
      return Promise.resolve({ ok: false, error: { code: 'unknown-command', message: command + ' is not in this fixture' } });
    },
    on() { return () => {}; },
  };
  Object.defineProperty(window, 'holdfast', { value: Object.freeze(api), writable: false, configurable: false });
})();`;
}

/** Serves out/renderer on loopback with a fixture bridge that lists `listing`. */
export async function startFixturePage(rendererDir: string, listing: ServerListing): Promise<FixturePage> {
  const root = path.resolve(rendererDir);
  const index = await fs.readFile(path.join(root, 'index.html'), 'utf8').catch(() => {
    throw new Error(`${root}/index.html is missing: build the renderer first (npx electron-vite build)`);
  });
  const page = rewriteIndexHtml(index, 'ws://127.0.0.1:9');
  const bridge = fixtureBridge({
    'app.info': appInfo(),
    'profiles.list': [],
    'connection.snapshot': snapshot(),
    'settings.get': engineSettings(),
    'incidents.list': [],
    'recovery.status': { blocked: false, detail: null },
    'servers.list': listing,
  });
  const server = http.createServer((req, res) => {
    void (async () => {
      const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const send = (status: number, type: string, body: string | Buffer) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (urlPath === '/' || urlPath === '/index.html') return send(200, 'text/html; charset=utf-8', page);
      if (urlPath === BRIDGE_PATH) return send(200, 'text/javascript; charset=utf-8', bridge);
      const file = await readStatic(root, urlPath);
      if (!file) return send(404, 'text/plain', 'not found');
      return send(200, file.type, file.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
