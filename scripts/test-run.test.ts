import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../e2e/electron/electron-binary.mjs';
import { checkPrerequisites } from './lab-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(os.tmpdir(), 'holdfast-test-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * npm test's orchestration with every tool replaced by a fake `npx` that records its arguments and writes the
 * reports a real run would: typecheck, lint and build pass; each suite reports one passed and one skipped test.
 */
const FAKE_NPX = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_NPX_LOG, args.join(' ') + '\n');
const root = process.env.FAKE_ROOT;
const arg = (prefix) => args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
const spec = (file, title, status) => ({ file, title, tests: [{ status, annotations: [] }] });
if (args[0] === 'vitest' && args[1] === 'run') {
  fs.writeFileSync(arg('--outputFile.json='), JSON.stringify({
    numPassedTests: 1, numFailedTests: 0, numPendingTests: 1,
    testResults: [{ name: root + '/main/a.test.ts', assertionResults: [
      { status: 'passed', fullName: 'works' }, { status: 'skipped', fullName: 'as root only' }] }],
  }));
} else if (args[0] === 'vitest' && args[1] === 'list') {
  fs.writeFileSync(arg('--json='), JSON.stringify([
    { name: 'lab one', file: root + '/e2e/lab/a.lab.test.ts' },
    { name: 'lab two', file: root + '/e2e/lab/a.lab.test.ts' },
    { name: 'lab three', file: root + '/e2e/lab/b.lab.test.ts' }]));
} else if (args[0] === 'playwright' && args.includes('--list')) {
  const files = args.filter((a) => a.endsWith('.spec.ts'));
  const specs = args.includes('--project=electron')
    ? [spec('window.spec.ts', 'opens', 'skipped'), spec('window.spec.ts', 'closes', 'skipped')]
    : files.map((f) => spec(f.replace('e2e/browser/', ''), 'journey in ' + f, 'skipped'));
  console.log('a spec printing at load time');
  console.log(JSON.stringify({ suites: [{ specs }], stats: {} }));
} else if (args[0] === 'playwright') {
  fs.writeFileSync(process.env.HOLDFAST_PLAYWRIGHT_JSON, JSON.stringify({
    stats: { expected: 1, unexpected: 0, flaky: 0, skipped: 0 }, suites: [] }));
}
`;

function runNpmTest(env: Record<string, string>): { stdout: string; calls: string[]; status: number | null } {
  const dir = mkdtempSync(path.join(work, 'run-'));
  const npx = path.join(dir, 'npx');
  writeFileSync(npx, FAKE_NPX);
  chmodSync(npx, 0o755);
  const log = path.join(dir, 'npx.log');
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['scripts/test.mjs'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${dir}${path.delimiter}${process.env.PATH}`,
      FAKE_NPX_LOG: log,
      FAKE_ROOT: root,
      HOLDFAST_TEST_REPORTS: path.join(dir, 'reports'),
      ...env,
    },
  });
  return { stdout: result.stdout, calls: readFileSync(log, 'utf8').trim().split('\n'), status: result.status };
}

describe('npm test (scripts/test.mjs)', () => {
  it('with HOLDFAST_SKIP_LAB=1 lists the lab tests it did not run, counts them, and still runs the browser specs that need no lab', () => {
    const { stdout, calls } = runNpmTest({ HOLDFAST_SKIP_LAB: '1' });
    const summary = stdout.slice(stdout.lastIndexOf('=== summary'));
    expect(summary).toContain('SKIPPED lab tests (network namespaces): 3 tests not run: HOLDFAST_SKIP_LAB=1');
    expect(summary).toContain('  - e2e/lab/b.lab.test.ts: lab three');
    expect(summary).toContain('  - main/a.test.ts: as root only');
    expect(calls.some((c) => c.startsWith('vitest run --project lab'))).toBe(false);

    const browserRun = calls.find((c) => c.startsWith('playwright test --project=browser'));
    const labSpecs = ['e2e/browser/connect.spec.ts', 'e2e/browser/lab-failover.spec.ts'];
    if (checkPrerequisites({ suites: ['browser'] }).ok) {
      expect(browserRun).toContain('e2e/browser/import.spec.ts');
      for (const lab of labSpecs) expect(browserRun).not.toContain(lab);
      expect(summary).toMatch(/SKIPPED browser lab journeys: \d+ tests not run: HOLDFAST_SKIP_LAB=1/);
      for (const lab of labSpecs)
        expect(summary).toContain(`  - ${lab.replace('e2e/browser/', '')}: journey in ${lab}`);
    }
    if (!findElectronBinary()) {
      expect(summary).toMatch(/SKIPPED electron e2e: Electron e2e skipped: .*not installed/);
      expect(summary).not.toMatch(/^ok +electron e2e/m);
      expect(summary).toContain('  - window.spec.ts: closes');
    }
    // The line CI reads is the last one, in its exact form.
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^tests: \d+ passed, 0 failed, \d+ skipped$/);
    const skippedCount = Number(/(\d+) skipped$/.exec(stdout.trimEnd())![1]);
    const listed = summary.split('\n').filter((l) => l.startsWith('  - ')).length;
    expect(skippedCount).toBe(listed);
  });
});
