#!/usr/bin/env node
// `npm test`: typecheck, lint, build, then the unit, renderer, lab, browser and Electron suites.
// Suites that need root or system packages say what is missing and how to install it; nothing is
// skipped silently. Set HOLDFAST_SKIP_LAB=1 to run without root (the skip is reported and counted).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { labPrerequisites } from './lab-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const steps = [];

function run(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  steps.push({ name, ok });
  return ok;
}

function addVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

function addPlaywright(file) {
  if (!existsSync(file)) return;
  const stats = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
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
addVitest(unitReport);

const lab = labPrerequisites();
if (!lab.ok && process.env.HOLDFAST_SKIP_LAB === '1') {
  process.stdout.write(`\n=== lab and browser suites SKIPPED (HOLDFAST_SKIP_LAB=1): ${lab.missing.join(', ')}\n`);
  steps.push({ name: 'lab and browser suites (skipped on request)', ok: true });
} else if (!lab.ok) {
  process.stdout.write(
    `\n=== lab and browser suites cannot run here: missing ${lab.missing.join(', ')}.\n${lab.hint}\n` +
      'To run only the suites that need neither, use: npm run test:unit (or set HOLDFAST_SKIP_LAB=1).\n',
  );
  steps.push({ name: 'lab and browser suites (prerequisites missing)', ok: false });
} else if (!built) {
  steps.push({ name: 'lab and browser suites (build failed)', ok: false });
} else {
  const labReport = path.join(reports, 'lab.json');
  run('lab tests (network namespaces)', 'npx', vitest(['lab'], labReport));
  addVitest(labReport);
  const browserReport = path.join(reports, 'browser.json');
  run('browser e2e (Chromium)', 'npx', ['playwright', 'test', '--project', 'browser'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: browserReport,
    HOLDFAST_PLAYWRIGHT_JSON: browserReport,
  });
  addPlaywright(browserReport);
}

const electronReport = path.join(reports, 'electron.json');
run('electron e2e', 'node', ['scripts/electron-e2e.mjs'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: electronReport,
  HOLDFAST_PLAYWRIGHT_JSON: electronReport,
});
addPlaywright(electronReport);

process.stdout.write('\n=== summary\n');
for (const step of steps) process.stdout.write(`${step.ok ? 'ok    ' : 'FAILED'}  ${step.name}\n`);
const failedSteps = steps.filter((s) => !s.ok).length;
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps > 0 || totals.failed > 0 ? 1 : 0);
