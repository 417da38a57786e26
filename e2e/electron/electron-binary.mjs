// Finds the Electron binary the way npm's electron package does, without requiring that package (its
// index.js starts a download when the binary is missing). Shared by scripts/electron-e2e.mjs and the specs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const MISSING_BINARY_MESSAGE =
  'Electron e2e skipped: the Electron binary is not installed on this machine (npm run electron:install fetches it)';

const require = createRequire(import.meta.url);

/** @returns {string | null} the Electron executable, or null when it is not installed */
export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(candidate) ? candidate : null;
  }
  if (!relative) return null;
  const candidate = path.join(packageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

/** Linux needs a display server for Electron windows; xvfb-run can supply one. */
export function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * @returns {{ ok: true, binary: string } | { ok: false, reason: string }}
 */
export function electronAvailability() {
  const binary = findElectronBinary();
  if (!binary) return { ok: false, reason: MISSING_BINARY_MESSAGE };
  if (!hasDisplay()) {
    return {
      ok: false,
      reason:
        'Electron e2e skipped: no display (DISPLAY/WAYLAND_DISPLAY unset). Run it through `npm run test:electron`, which starts xvfb-run when it is installed (Debian package xvfb).',
    };
  }
  return { ok: true, binary };
}
