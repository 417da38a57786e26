import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureElectron, runElectronInstaller } from './electron-install.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const quiet = () => {};
const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'holdfast-electron-test-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ensureElectron', () => {
  it('uses an installed binary without downloading', async () => {
    let installs = 0;
    const result = await ensureElectron({
      findBinary: () => '/opt/electron/electron',
      install: async () => {
        installs += 1;
        return { ok: true, detail: '' };
      },
      log: quiet,
      env: {},
    });
    expect(result).toEqual({ ok: true, binary: '/opt/electron/electron' });
    expect(installs).toBe(0);
  });

  it('downloads the binary with the installer when it is missing, then starts with it', async () => {
    let installed = false;
    const result = await ensureElectron({
      findBinary: () => (installed ? '/repo/node_modules/electron/dist/electron' : null),
      install: async ({ stallMs }) => {
        expect(stallMs).toBeGreaterThan(0);
        installed = true;
        return { ok: true, detail: '' };
      },
      log: quiet,
      env: {},
    });
    expect(result).toEqual({ ok: true, binary: '/repo/node_modules/electron/dist/electron' });
  });

  it('when the download fails, says what is missing, why, and every way to fix it', async () => {
    const result = await ensureElectron({
      findBinary: () => null,
      install: async () => ({ ok: false, detail: 'could not reach the download server (getaddrinfo ENOTFOUND)' }),
      log: quiet,
      env: {},
    });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toMatch(/Electron \d+\.\d+\.\d+ for \w+-\w+ is not installed/);
    expect(message).toContain('ENOTFOUND');
    expect(message).toContain('npm run electron:install');
    expect(message).toContain('ELECTRON_MIRROR=');
    expect(message).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
    expect(message).toContain('ELECTRON_GET_USE_PROXY=1');
  });

  it('tells a user behind a proxy to let the installer use it', async () => {
    const result = await ensureElectron({
      findBinary: () => null,
      install: async () => ({ ok: false, detail: 'no data arrived for 15 s' }),
      log: quiet,
      env: { HTTPS_PROXY: 'http://proxy.internal:3128' },
    });
    expect(result.ok ? '' : result.message).toContain(
      'Download through your proxy (HTTPS_PROXY is set):\n      ELECTRON_GET_USE_PROXY=1 npm start',
    );
  });

  it('an installer that exits 0 without leaving a binary is a failure, not a start', async () => {
    const result = await ensureElectron({
      findBinary: () => null,
      install: async () => ({ ok: true, detail: '' }),
      log: quiet,
      env: {},
    });
    expect(result.ok ? '' : result.message).toContain('left no Electron executable');
  });

  it('does not download when ELECTRON_OVERRIDE_DIST_PATH points at a folder without Electron', async () => {
    let installs = 0;
    const result = await ensureElectron({
      findBinary: () => null,
      install: async () => {
        installs += 1;
        return { ok: true, detail: '' };
      },
      log: quiet,
      env: { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' },
    });
    expect(installs).toBe(0);
    expect(result.ok ? '' : result.message).toContain(
      'ELECTRON_OVERRIDE_DIST_PATH=/nowhere has no Electron executable',
    );
  });
});

/**
 * Electron's real installer (install.js and @electron/get), copied beside an empty dist/ so that it always
 * downloads, with its cache in a fresh folder and its mirror on loopback: the failure paths are real and do
 * not depend on this machine's network.
 */
function realInstallerCopy(): { script: string; cache: string } {
  const dir = tempDir();
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  const copy = path.join(dir, 'electron');
  mkdirSync(copy);
  for (const file of ['install.js', 'package.json', 'checksums.json']) {
    copyFileSync(path.join(electronDir, file), path.join(copy, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const cache = path.join(dir, 'cache');
  mkdirSync(cache);
  return { script: path.join(copy, 'install.js'), cache };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('runElectronInstaller with Electron’s own installer', () => {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('fails at once, naming the cause, when the download server refuses', async () => {
    const { script, cache } = realInstallerCopy();
    server = createServer((_req, res) => res.writeHead(404).end());
    const mirror = await listen(server);
    const started = Date.now();
    const result = await runElectronInstaller({
      stallMs: 10_000,
      installScript: script,
      env: { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: cache },
    });
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('Response code 404');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives up within the stall time when the server (or a proxy) accepts and never answers', async () => {
    const { script, cache } = realInstallerCopy();
    server = createServer(() => {
      // swallow the request, as a captive proxy does
    });
    server.on('connection', (socket) => sockets.add(socket));
    const mirror = await listen(server);
    const started = Date.now();
    const result = await runElectronInstaller({
      stallMs: 2_000,
      pollMs: 100,
      installScript: script,
      env: { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: cache },
    });
    const elapsed = Date.now() - started;
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('no data arrived for 2 s');
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(8_000);
  });

  it('keeps a slow download that is still moving, and reports success', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'slow-install.mjs');
    // Writes into TMPDIR for 1.5 s in small steps, longer than the stall time, then exits 0.
    writeFileSync(
      script,
      `import { appendFileSync } from 'node:fs';\nimport path from 'node:path';\nconst file = path.join(process.env.TMPDIR, 'part');\nfor (let i = 0; i < 15; i++) { appendFileSync(file, 'x'.repeat(1000)); await new Promise((r) => setTimeout(r, 100)); }\n`,
    );
    const result = await runElectronInstaller({ stallMs: 600, pollMs: 50, installScript: script });
    expect(result).toEqual({ ok: true, detail: '' });
  });
});
