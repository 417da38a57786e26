import { expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { createHoldfastCore, type HoldfastCore } from '../../main/core/service/core';
import { contentSecurityPolicy } from '../../main/shell/csp';
import { readStatic } from '../harness/static-files';
import { bridgeToCore, declaredPolicy, recordCspViolations, violations } from './csp-page';
import { watchPageProblems } from './page-checks';

// Needs neither root nor the network lab: Chromium, the renderer, and a core on an empty data folder that
// never connects (no kill switch, no privileges).
const root = path.resolve(import.meta.dirname, '../..');
let dataDir: string;
let core: HoldfastCore;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hfb-csp-'));
  core = await createHoldfastCore({ dataDir, version: '0.0.0-test', killSwitch: null, privileged: false });
});

test.afterAll(async () => {
  await core?.shutdown('test over');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * Serves the built renderer exactly as built: no header, no rewrite (Chromium will not run module scripts from
 * file://, which Electron does; 'self' means the same here: the folder's own origin).
 */
async function serveBuild(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    void readStatic(dir, urlPath === '/' ? '/index.html' : urlPath).then((file) => {
      if (!file) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.type }).end(file.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('the production build renders under its strict policy with no violation', async ({ page }) => {
  const build = await serveBuild(path.join(root, 'out/renderer'));
  try {
    const problems = watchPageProblems(page);
    await recordCspViolations(page);
    await bridgeToCore(page, core);
    await page.goto(build.url);
    await expect(page.getByTestId('connection-state')).toHaveText('Disconnected');
    await expect(page.getByTestId('nav-servers')).toBeVisible();
    expect(await declaredPolicy(page)).toBe(contentSecurityPolicy('production'));
    // The bundle's stylesheet applied: the page is laid out, not bare HTML.
    const rules = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
    expect(rules).toBeGreaterThan(10);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await build.close();
  }
});

test.describe('the dev server', () => {
  let server: ViteDevServer;
  let cacheDir: string;

  test.beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(tmpdir(), 'hfb-csp-vite-'));
    // The renderer's own vite config (the one the harness builds with), served as `npm start` serves it.
    server = await createServer({
      configFile: path.join(root, 'e2e/harness/vite.renderer.config.ts'),
      cacheDir,
      logLevel: 'warn',
      server: { host: '127.0.0.1', port: 0 },
    });
    await server.listen();
  });

  test.afterAll(async () => {
    await server?.close();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  test('renders under the development policy with hot reload connected and no violation', async ({ page }) => {
    const url = server.resolvedUrls?.local[0];
    expect(url).toBeTruthy();
    const problems = watchPageProblems(page);
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    await recordCspViolations(page);
    await bridgeToCore(page, core);
    await page.goto(url!);
    await expect(page.getByTestId('connection-state')).toHaveText('Disconnected', { timeout: 60_000 });

    const policy = await declaredPolicy(page);
    const nonce = /'nonce-([^']+)'/.exec(policy ?? '')?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toBe(contentSecurityPolicy('development', { nonce: nonce! }));
    const page_ = await page.evaluate(() => ({
      refresh: typeof (window as unknown as { $RefreshReg$?: unknown }).$RefreshReg$,
      hook: typeof (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown }).__REACT_DEVTOOLS_GLOBAL_HOOK__,
      injectedStyles: document.querySelectorAll('style[data-vite-dev-id]').length,
    }));
    // React Refresh's inline preamble ran, and the dev server injected the styles (both allowed by the nonce).
    expect(page_).toEqual({ refresh: 'function', hook: 'object', injectedStyles: expect.any(Number) });
    expect(page_.injectedStyles).toBeGreaterThan(0);
    // Hot reload's WebSocket to the dev server is up.
    await expect.poll(() => consoleLines.some((line) => line.includes('[vite] connected'))).toBe(true);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
