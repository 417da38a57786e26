#!/usr/bin/env node
// `npm test`: typecheck, lint, build, then the unit, renderer, lab, browser and Electron suites.
// Each suite checks what it needs (scripts/lab-prerequisites.mjs) and a missing program fails the run with its
// name and the fix; nothing is skipped silently. Browser specs that need neither root nor the lab run without
// root. HOLDFAST_SKIP_LAB=1 skips the lab suites on purpose: their tests are listed, counted as skipped, and the
// reason printed. The last line is always `tests: N passed, N failed, N skipped` (CI reads it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { checkPrerequisites } from './lab-prerequisites.mjs';
import { createTally, playwrightTests } from './test-summary.mjs';

const root = path.resolve(import.meta.dirname, '..');
// Where the suites' JSON reports go (another folder for the test of this script).
const reports = process.env.HOLDFAST_TEST_REPORTS || path.join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const tally = createTally(root);

function run(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  tally.step(name, ok ? 'ok' : 'FAILED');
  return ok;
}

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

/** The tests a run would have made, by name, without running them (for a suite that is skipped). */
function listVitest(project) {
  const out = path.join(reports, `${project}-list.json`);
  const result = spawnSync('npx', ['vitest', 'list', '--project', project, `--json=${out}`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, HOLDFAST_LAB_GATE: 'list' },
  });
  if (result.status !== 0 || !existsSync(out)) return null;
  return JSON.parse(readFileSync(out, 'utf8')).map((t) => `${path.relative(root, t.file)}: ${t.name}`);
}

function listPlaywright(files) {
  const result = spawnSync('npx', ['playwright', 'test', '--list', '--project=browser', '--reporter=json', ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) return null;
  return playwrightTests(JSON.parse(result.stdout.slice(result.stdout.search(/^\{/m)))).map(
    ({ spec }) => `${spec.file}: ${spec.title}`,
  );
}

/** Browser specs that drive the network lab (root, namespaces) are the ones built on its journey helper. */
function browserSpecs() {
  const dir = path.join(root, 'e2e', 'browser');
  const specs = readdirSync(dir)
    .filter((name) => name.endsWith('.spec.ts'))
    .sort();
  const needsLab = (name) => /from '\.\/lab-journey'/.test(readFileSync(path.join(dir, name), 'utf8'));
  const rel = (name) => path.join('e2e', 'browser', name);
  return { lab: specs.filter(needsLab).map(rel), plain: specs.filter((n) => !needsLab(n)).map(rel) };
}

const vitest = (projects, out) => [
  'vitest',
  'run',
  ...projects.flatMap((p) => ['--project', p]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
];

run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
run('lint', 'npx', ['eslint', '.']);
run('format', 'npx', ['prettier', '--check', '.']);
const built = run('build', 'npx', ['electron-vite', 'build']);

const unitReport = path.join(reports, 'unit.json');
run('unit and renderer tests', 'npx', vitest(['unit', 'renderer'], unitReport));
if (readJson(unitReport)) tally.addVitest(readJson(unitReport), 'unit');

const skipLab = process.env.HOLDFAST_SKIP_LAB === '1';
const labGate = checkPrerequisites({ suites: ['lab'] });
const browserGate = checkPrerequisites({ suites: ['browser'] });
const specs = browserSpecs();
const labRuns = !skipLab && labGate.ok && built;

// The network lab.
if (skipLab) {
  tally.notRun('lab tests (network namespaces)', 'HOLDFAST_SKIP_LAB=1', listVitest('lab'));
} else if (!labGate.ok) {
  process.stdout.write(`\n=== lab tests cannot run here.\n${labGate.message}\n`);
  tally.step('lab tests (network namespaces)', 'FAILED', `missing ${labGate.missing.join(', ')}`);
} else if (!built) {
  tally.step('lab tests (network namespaces)', 'FAILED', 'the build failed');
} else {
  const labReport = path.join(reports, 'lab.json');
  run('lab tests (network namespaces)', 'npx', vitest(['lab'], labReport));
  if (readJson(labReport)) tally.addVitest(readJson(labReport), 'lab');
}

// The browser: every spec needs Chromium and a Chinese font; the lab journeys also need the lab.
if (!browserGate.ok) {
  process.stdout.write(`\n=== browser e2e cannot run here.\n${browserGate.message}\n`);
  tally.step('browser e2e (Chromium)', 'FAILED', `missing ${browserGate.missing.join(', ')}`);
} else if (!built) {
  tally.step('browser e2e (Chromium)', 'FAILED', 'the build failed');
} else {
  const files = labRuns ? [...specs.plain, ...specs.lab] : specs.plain;
  if (!labRuns && skipLab) tally.notRun('browser lab journeys', 'HOLDFAST_SKIP_LAB=1', listPlaywright(specs.lab));
  if (!labRuns && !skipLab) {
    tally.step('browser lab journeys', 'FAILED', 'the lab cannot run here (see above)');
  }
  const browserReport = path.join(reports, 'browser.json');
  run(
    labRuns ? 'browser e2e (Chromium)' : 'browser e2e (Chromium, no lab)',
    'npx',
    ['playwright', 'test', '--project=browser', ...files],
    {
      HOLDFAST_PLAYWRIGHT_JSON: browserReport,
      HOLDFAST_RENDERER_PREBUILT: '1',
    },
  );
  if (readJson(browserReport)) tally.addPlaywright(readJson(browserReport), 'browser');
}

const electronReport = path.join(reports, 'electron.json');
const electronOk = run('electron e2e', 'node', ['scripts/electron-e2e.mjs'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: electronReport,
  HOLDFAST_PLAYWRIGHT_JSON: electronReport,
});
const electron = readJson(electronReport);
if (electron) tally.addPlaywright(electron, 'electron');
if (electronOk && typeof electron?.skipped === 'string') {
  // Not "ok": the suite did not run. Its tests are counted as skipped, under the reason.
  const step = tally.steps.at(-1);
  step.status = 'SKIPPED';
  step.note = electron.skipped;
}

process.stdout.write(`\n${tally.render()}`);
process.exit(tally.failed() ? 1 : 0);
