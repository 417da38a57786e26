#!/usr/bin/env node
// `npm run test:electron`: the Playwright `electron` project, in the real app. Where the Electron binary is
// not installed (npm's electron package downloads it on first use, which some machines cannot do) it says so
// and exits 0, recording the skip in the JSON report that scripts/test.mjs counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { electronAvailability, findElectronBinary, hasDisplay } from '../e2e/electron/electron-binary.mjs';
import { findBinary } from './lab-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..');
const report = process.env.HOLDFAST_PLAYWRIGHT_JSON || process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

/** The suite's tests, counted from the specs, so that the summary shows how many did not run. */
function countTests() {
  const dir = path.join(root, 'e2e', 'electron');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.spec.ts'))
    .reduce((sum, name) => sum + (readFileSync(path.join(dir, name), 'utf8').match(/^\s*test\(/gm)?.length ?? 0), 0);
}

function skip(reason) {
  console.log(reason);
  if (report) {
    const stats = { expected: 0, unexpected: 0, flaky: 0, skipped: countTests() };
    mkdirSync(path.dirname(report), { recursive: true });
    writeFileSync(report, `${JSON.stringify({ stats, skipped: reason }, null, 2)}\n`);
  }
  process.exit(0);
}

if (!findElectronBinary()) skip(electronAvailability().reason);

// Electron windows need a display on Linux: borrow a virtual one when there is none.
const wrapper = [];
if (!hasDisplay()) {
  const xvfbRun = findBinary('xvfb-run');
  if (!xvfbRun) {
    skip(
      'Electron e2e skipped: no display (DISPLAY/WAYLAND_DISPLAY unset) and xvfb-run is not installed (Debian package xvfb).',
    );
  }
  wrapper.push(xvfbRun, '-a', '--server-args=-screen 0 1280x800x24');
}

const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
if (built.some((file) => !existsSync(path.join(root, file)))) {
  console.log('Electron e2e: building the app first (npx electron-vite build)');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const playwright = ['npx', 'playwright', 'test', '--project', 'electron', ...(report ? ['--reporter=list,json'] : [])];
const command = [...wrapper, ...playwright];
const result = spawnSync(command[0], command.slice(1), {
  cwd: root,
  stdio: 'inherit',
  // The renderer bundle is the one just built; the browser project's global setup need not rebuild it.
  env: { ...process.env, HOLDFAST_RENDERER_PREBUILT: '1', ...(report ? { PLAYWRIGHT_JSON_OUTPUT_NAME: report } : {}) },
});
process.exit(result.status ?? 1);
