#!/usr/bin/env node
// `npm start`: make sure the Electron binary is installed (downloading it once with Electron's own installer),
// then run the app from the dev server. `--install-only` (`npm run electron:install`) stops after the download.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureElectron } from './electron-install.mjs';

const root = path.resolve(import.meta.dirname, '..');
const installOnly = process.argv.includes('--install-only');
const result = await ensureElectron();
if (!result.ok) {
  console.error(result.message);
  process.exit(1);
}
if (installOnly) {
  console.log(`Electron is installed: ${result.binary}`);
  process.exit(0);
}
const args = process.argv.slice(2).filter((a) => a !== '--install-only');
// electron-vite honours ELECTRON_EXEC_PATH, which also covers an ELECTRON_OVERRIDE_DIST_PATH it would not read.
const dev = spawnSync('npx', ['electron-vite', 'dev', ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: result.binary },
});
process.exit(dev.status ?? 1);
