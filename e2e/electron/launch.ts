import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const netnsWrapper = path.join(import.meta.dirname, 'netns-electron.mjs');

export interface LaunchedApp {
  app: ElectronApplication;
  window: Page;
  /** Everything the app wrote to stdout and stderr, for failure messages. */
  output(): string;
}

/**
 * Starts the built app (package.json "main": out/main/index.js) on its own data folder. With `netns`,
 * it runs inside that network namespace (so its tunnels are the lab's), through netns-electron.mjs.
 * The binary is passed explicitly: resolving it through npm's electron package would start a download.
 */
export async function launchHoldfast(options: {
  binary: string;
  dataDir: string;
  netns?: string;
}): Promise<LaunchedApp> {
  for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'NODE_OPTIONS') env[key] = value;
  }
  env.HOLDFAST_DATA_DIR = options.dataDir;
  if (options.netns) {
    env.HOLDFAST_E2E_NETNS = options.netns;
    env.HOLDFAST_E2E_ELECTRON = options.binary;
  }
  const app = await _electron.launch({
    executablePath: options.netns ? netnsWrapper : options.binary,
    // The project folder: Electron reads package.json (name, version, main) as it would in a package.
    args: [root],
    cwd: root,
    env,
    timeout: 60_000,
  });
  let output = '';
  const processHandle = app.process();
  processHandle.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  processHandle.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const window = await app.firstWindow({ timeout: 60_000 });
  await window.waitForLoadState('domcontentloaded');
  return { app, window, output: () => output };
}
