import { expect, test } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { wireguardProfile } from '../browser/wireguard-fixture';
import { electronAvailability } from './electron-binary.mjs';
import { launchHoldfast, type LaunchedApp } from './launch';

// The real app without the network lab: how the window is locked down, what the page can reach, and the
// native import dialog wired to core. Needs the Electron binary and a display, nothing else.
const availability = electronAvailability();
if (!availability.ok) console.log(availability.reason);

test.describe('Holdfast window', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);
  test.describe.configure({ mode: 'serial' });

  let launched: LaunchedApp;
  let dataDir: string;

  test.beforeAll(async () => {
    if (!availability.ok) return;
    dataDir = await mkdtemp(path.join(tmpdir(), 'hfe-window-'));
    launched = await launchHoldfast({ binary: availability.binary, dataDir });
  });

  test.afterAll(async () => {
    await launched?.app.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('shows the built page, isolated, with only window.holdfast exposed', async () => {
    const url = await launched.app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]!.webContents.getURL(),
    );
    expect(url).toMatch(/^file:\/\/.*\/out\/renderer\/index\.html/);

    // Context isolation and no Node integration, seen from the page: nothing but window.holdfast.
    const globals = await launched.window.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        holdfast: Object.keys(w.holdfast as object).sort(),
        require: typeof w.require,
        process: typeof w.process,
        ipcRenderer: typeof w.ipcRenderer,
      };
    });
    expect(globals).toEqual({
      holdfast: ['invoke', 'on'],
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: 'undefined',
    });
  });

  test('answers contract commands and refuses others in the preload', async () => {
    const answers = await launched.window.evaluate(async () => {
      const api = (window as unknown as { holdfast: { invoke(c: string, p: unknown): Promise<unknown> } }).holdfast;
      return {
        info: await api.invoke('app.info', {}),
        unknown: await api.invoke('shell.openExternal', { url: 'https://example.com' }),
        malformed: await api.invoke('profiles.remove', { id: 42 }),
      };
    });
    expect(answers.info).toMatchObject({ ok: true, value: { platform: process.platform } });
    expect(answers.unknown).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    expect(answers.malformed).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  test('opens no windows, navigates nowhere, fetches nothing and grants no permissions', async () => {
    const { window: page, app } = launched;
    const before = page.url();
    // A server that answers: a fetch that fails here failed because the window is not allowed out, not
    // because nothing was listening. The test process itself reaches it, to prove it answers.
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('reachable');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      expect(await (await fetch(url)).text()).toBe('reachable');
      const seenBefore = requests;
      const results = await page.evaluate(async (target) => {
        const opened = window.open('https://example.com/', '_blank');
        const fetched = await fetch(target).then(
          () => 'fetched',
          () => 'blocked',
        );
        const notification = await Notification.requestPermission();
        return { opened: opened === null, fetched, notification };
      }, url);
      expect(results).toEqual({ opened: true, fetched: 'blocked', notification: 'denied' });
      expect(requests).toBe(seenBefore);
    } finally {
      server.close();
    }
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });

  test('imports through the native dialog into core', async () => {
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-lisbon-2.conf`);
    await writeFile(file, wireguardProfile().text);
    try {
      // The native picker cannot be clicked by a test: answer it from main, as a user choosing the file.
      await launched.app.evaluate(({ dialog }, chosen) => {
        dialog.showOpenDialog = (async () => ({
          canceled: false,
          filePaths: [chosen],
        })) as typeof dialog.showOpenDialog;
      }, file);
      const outcome = await launched.window.evaluate(() =>
        (window as unknown as { holdfast: { invoke(c: string, p: unknown): Promise<unknown> } }).holdfast.invoke(
          'profiles.importDialog',
          {},
        ),
      );
      expect(outcome).toMatchObject({ ok: true, value: [{ status: 'imported' }] });
      await expect(launched.window.getByTestId('profile-row')).toHaveCount(1);
      // The private key is sealed in the profile's secrets file, never written in the clear...
      const privateKey = /PrivateKey = (.+)/.exec(await readFile(file, 'utf8'))![1]!;
      // Nor anywhere else in the data folder: profiles, the log, Chromium's storage.
      const files = (await readdir(dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
      expect(files.some((e) => e.name.endsWith('.secrets.json'))).toBe(true);
      for (const entry of files) {
        const bytes = await readFile(path.join(entry.parentPath, entry.name));
        expect(bytes.includes(privateKey), entry.name).toBe(false);
      }
    } finally {
      await rm(file, { force: true });
    }
  });

  test('hides the window on close and keeps running in the tray', async () => {
    const state = await launched.app.evaluate(({ BrowserWindow }) => {
      const window = BrowserWindow.getAllWindows()[0]!;
      window.close();
      return { destroyed: window.isDestroyed(), visible: window.isVisible() };
    });
    expect(state).toEqual({ destroyed: false, visible: false });
  });
});
