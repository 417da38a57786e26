#!/usr/bin/env node
// `npm run test:electron`: the Playwright `electron` project, in the real app. Where the Electron binary is
// not installed (`npm run electron:install` fetches it; some machines cannot) it says so and exits 0, recording
// the skip, its reason and the tests that did not run in the JSON report that scripts/test.mjs counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { electronAvailability, findElectronBinary, hasDisplay } from '../e2e/electron/electron-binary.mjs';
import { checkPrerequisites, findBinary } from './lab-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..');
const report = process.env.HOLDFAST_PLAYWRIGHT_JSON || process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

/** The suite's tests by name (without running them), so that the summary lists the ones that did not run. */
function listTests() {
  // The JSON reporter writes to PLAYWRIGHT_JSON_OUTPUT_NAME when it is set (npm test sets it for the real run):
  // listing must print to stdout instead, and never overwrite the report.
  const env = { ...process.env };
  delete env.PLAYWRIGHT_JSON_OUTPUT_NAME;
  delete env.HOLDFAST_PLAYWRIGHT_JSON;
  const listed = spawnSync('npx', ['playwright', 'test', '--list', '--project=electron', '--reporter=json'], {
    cwd: root,
    encoding: 'utf8',
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const start = listed.stdout?.search(/^\{/m) ?? -1;
  if (listed.status === 0 && start !== -1) {
    try {
      const names = [];
      const walk = (suite) => {
        for (const spec of suite.specs ?? [])
          for (const _ of spec.tests ?? []) names.push(`${spec.file}: ${spec.title}`);
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const suite of JSON.parse(listed.stdout.slice(start)).suites ?? []) walk(suite);
      return names;
    } catch {
      // fall through to counting the specs
    }
  }
  // Counted from the specs when Playwright cannot list them.
  const dir = path.join(root, 'e2e', 'electron');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.spec.ts'))
    .flatMap((name) =>
      (readFileSync(path.join(dir, name), 'utf8').match(/^\s*test\(/gm) ?? []).map(() => `e2e/electron/${name}`),
    );
}

function skip(reason) {
  console.log(reason);
  if (report) {
    const skippedTests = listTests();
    const stats = { expected: 0, unexpected: 0, flaky: 0, skipped: skippedTests.length };
    mkdirSync(path.dirname(report), { recursive: true });
    writeFileSync(report, `${JSON.stringify({ stats, skipped: reason, skippedTests }, null, 2)}\n`);
  }
  process.exit(0);
}

if (!findElectronBinary()) skip(electronAvailability().reason);

// Electron windows need a display on Linux: borrow a virtual one when there is none.
const wrapper = [];
if (!hasDisplay()) {
  const display = checkPrerequisites({ suites: ['electron'] });
  if (!display.ok) {
    // Electron is here but cannot open a window: a missing program, which the set-up installs. Not a skip.
    console.error(
      `Electron e2e: no display (DISPLAY/WAYLAND_DISPLAY unset), and a virtual one needs:\n${display.message}`,
    );
    process.exit(1);
  }
  const xvfbRun = findBinary('xvfb-run');
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
