// Makes sure the Electron binary is on this machine before `npm start` needs it. npm's electron package no
// longer downloads it at install time, and electron-vite only reads node_modules/electron/path.txt, so a fresh
// clone would otherwise stop at "Electron uninstall". The download is Electron's own installer
// (node_modules/electron/install.js, which uses @electron/get): same mirror settings, cache and checksums.
// Plain JavaScript: it runs before anything is built.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary } from '../e2e/electron/electron-binary.mjs';

const require = createRequire(import.meta.url);

/** A download that moves no byte for this long is given up (a dead network, a proxy that swallows it). */
export const DEFAULT_STALL_MS = 15_000;

export function electronVersion() {
  try {
    return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The text `npm start` prints when the binary is missing and cannot be fetched: what, why, and each fix. */
export function missingElectronMessage({ version, platform, arch, detail, env = process.env }) {
  const what = `Electron ${version ?? '(version unknown)'} for ${platform}-${arch}`;
  const proxySet = Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
  const ways = [
    ['When the network is back, retry the download:', 'npm run electron:install'],
    ['Download from a mirror you can reach:', 'ELECTRON_MIRROR=https://your-mirror/electron/ npm start'],
    proxySet && !env.ELECTRON_GET_USE_PROXY
      ? ['Download through your proxy (HTTPS_PROXY is set):', 'ELECTRON_GET_USE_PROXY=1 npm start']
      : ['Download through a proxy:', 'ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://proxy:port npm start'],
    [
      'Use an Electron you already have (the unpacked folder):',
      'ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron npm start',
    ],
  ];
  const lines = [
    `Holdfast cannot start: ${what} is not installed, and downloading it failed.`,
    `  Reason: ${detail}`,
    '',
    'Fix it in one of these ways:',
    ...ways.flatMap(([how, command]) => [`  - ${how}`, `      ${command}`]),
  ];
  return lines.join('\n');
}

/**
 * @param {{
 *   findBinary?: () => string | null,
 *   install?: (options: { stallMs: number }) => Promise<{ ok: boolean, detail: string }>,
 *   stallMs?: number,
 *   log?: (line: string) => void,
 *   env?: NodeJS.ProcessEnv,
 * }} [options] the finder and the installer are injectable so that both paths test without a network
 * @returns {Promise<{ ok: true, binary: string } | { ok: false, message: string }>}
 */
export async function ensureElectron(options = {}) {
  const find = options.findBinary ?? findElectronBinary;
  const install = options.install ?? runElectronInstaller;
  const log = options.log ?? ((line) => console.log(line));
  const env = options.env ?? process.env;
  const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  const version = electronVersion();
  const where = { version, platform: process.platform, arch: process.arch, env };

  const present = find();
  if (present) return { ok: true, binary: present };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    // The user pointed at their own Electron: downloading another would not be used.
    return {
      ok: false,
      message: missingElectronMessage({
        ...where,
        detail: `ELECTRON_OVERRIDE_DIST_PATH=${env.ELECTRON_OVERRIDE_DIST_PATH} has no Electron executable in it`,
      }),
    };
  }

  log(`Downloading Electron ${version ?? ''} (once; later starts use the installed copy)…`);
  let result;
  try {
    result = await install({ stallMs });
  } catch (error) {
    result = { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
  const installed = result.ok ? find() : null;
  if (installed) return { ok: true, binary: installed };
  const detail = result.ok ? 'the installer finished but left no Electron executable behind' : result.detail;
  return { ok: false, message: missingElectronMessage({ ...where, detail }) };
}

function treeSize(dir) {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += treeSize(full);
    else {
      try {
        total += statSync(full).size;
      } catch {
        // gone meanwhile
      }
    }
  }
  return total;
}

/** The last line of the installer's output that says what went wrong (its stack trace starts with it). */
function failureLine(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.find(
    (l) => /error|failed|ENOTFOUND|ECONN|EAI_AGAIN|Response code/i.test(l) && !l.startsWith('at '),
  );
  const line = error ?? lines.at(-1) ?? 'the installer printed nothing';
  // Node's fetch hides the cause (DNS, refused, reset) behind one phrase.
  return /fetch failed/i.test(line) ? `could not reach the download server (${line})` : line;
}

/**
 * Runs Electron's own installer in a child process. Its download goes to a temporary folder of our own (TMPDIR),
 * so progress is visible as that folder (and the extracted dist/) growing; no growth for `stallMs` ends it.
 * @param {{ stallMs: number, installScript?: string, pollMs?: number, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ ok: boolean, detail: string }>}
 */
export function runElectronInstaller({ stallMs, installScript, pollMs = 500, env = process.env }) {
  const script = installScript ?? path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
  const distDir = path.join(path.dirname(script), 'dist');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'holdfast-electron-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      env: { ...env, TMPDIR: tmp, TEMP: tmp, TMP: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let lastSize = -1;
    let lastGrowth = Date.now();
    let stalled = false;
    const timer = setInterval(() => {
      const size = treeSize(tmp) + treeSize(distDir);
      if (size !== lastSize) {
        lastSize = size;
        lastGrowth = Date.now();
      } else if (Date.now() - lastGrowth >= stallMs) {
        stalled = true;
        child.kill('SIGKILL');
      }
    }, pollMs);
    const finish = (result) => {
      clearInterval(timer);
      rmSync(tmp, { recursive: true, force: true });
      resolve(result);
    };
    child.on('error', (error) => finish({ ok: false, detail: error.message }));
    child.on('close', (code) => {
      if (stalled) {
        finish({
          ok: false,
          detail: `no data arrived for ${Math.round(stallMs / 1000)} s (no network, or a proxy in the way)`,
        });
      } else if (code === 0) finish({ ok: true, detail: '' });
      else finish({ ok: false, detail: failureLine(output) });
    });
  });
}
