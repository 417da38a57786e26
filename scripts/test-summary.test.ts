import { describe, expect, it } from 'vitest';
import { createTally } from './test-summary.mjs';

const vitestReport = {
  numPassedTests: 3,
  numFailedTests: 1,
  testResults: [
    {
      name: '/repo/main/a.test.ts',
      assertionResults: [
        { status: 'passed', fullName: 'a works' },
        { status: 'skipped', fullName: 'a as root' },
        { status: 'todo', fullName: 'a later' },
      ],
    },
  ],
};

const playwrightReport = {
  stats: { expected: 2, unexpected: 0, flaky: 1, skipped: 1 },
  suites: [
    {
      specs: [
        { file: 'x.spec.ts', title: 'runs', tests: [{ status: 'expected', annotations: [] }] },
        {
          file: 'x.spec.ts',
          title: 'needs the lab',
          tests: [{ status: 'skipped', annotations: [{ type: 'skip', description: 'HOLDFAST_SKIP_LAB=1 (root)' }] }],
        },
      ],
    },
  ],
};

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('the npm test summary', () => {
  it('counts every skipped test under its reason, and ends with the line CI reads', () => {
    const tally = createTally('/repo');
    tally.step('unit', 'ok');
    tally.addVitest(vitestReport, 'unit');
    tally.notRun('lab tests', 'HOLDFAST_SKIP_LAB=1', ['e2e/lab/a.lab.test.ts: one', 'e2e/lab/a.lab.test.ts: two']);
    tally.addPlaywright(playwrightReport, 'browser');
    const text = tally.render();
    expect(lastLine(text)).toBe('tests: 6 passed, 1 failed, 5 skipped');
    expect(text).toContain('SKIPPED lab tests: 2 tests not run: HOLDFAST_SKIP_LAB=1');
    expect(text).toContain(
      'skipped 2: HOLDFAST_SKIP_LAB=1\n  - e2e/lab/a.lab.test.ts: one\n  - e2e/lab/a.lab.test.ts: two',
    );
    expect(text).toContain('  - main/a.test.ts: a as root');
    expect(text).toContain('skipped 1: browser: HOLDFAST_SKIP_LAB=1 (root)\n  - x.spec.ts: needs the lab');
    expect(tally.failed()).toBe(true);
  });

  it('reports a suite that did not run as skipped with its reason and its tests, never as ok', () => {
    const tally = createTally('/repo');
    tally.step('electron e2e', 'ok');
    tally.addPlaywright(
      {
        stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 2 },
        skipped: 'Electron e2e skipped: the Electron binary is not installed',
        skippedTests: ['w.spec.ts: one', 'w.spec.ts: two'],
      },
      'electron',
    );
    const text = tally.render();
    expect(text).toContain('skipped 2: electron: Electron e2e skipped: the Electron binary is not installed');
    expect(lastLine(text)).toBe('tests: 0 passed, 0 failed, 2 skipped');
    expect(tally.failed()).toBe(false);
  });

  it('names each failed test with the first line of its error, for CI logs that keep only the end', () => {
    const tally = createTally('/repo');
    tally.addVitest(
      {
        numPassedTests: 1,
        numFailedTests: 1,
        testResults: [
          {
            name: '/repo/e2e/lab/a.lab.test.ts',
            status: 'failed',
            assertionResults: [
              { status: 'passed', fullName: 'connects' },
              {
                status: 'failed',
                fullName: 'fails over',
                failureMessages: ['\u001b[31mAssertionError: expected 2 to be 0\u001b[39m\n    at a.lab.test.ts:10'],
              },
            ],
          },
          { name: '/repo/e2e/lab/b.lab.test.ts', status: 'failed', message: 'Hook timed out', assertionResults: [] },
        ],
      },
      'lab',
    );
    tally.addPlaywright(
      {
        stats: { expected: 0, unexpected: 1 },
        suites: [
          {
            specs: [
              {
                file: 'p.spec.ts',
                title: 'picks',
                tests: [{ status: 'unexpected', results: [{ errors: [{ message: 'Timeout 5000ms exceeded' }] }] }],
              },
            ],
          },
        ],
      },
      'browser',
    );
    const text = tally.render();
    expect(text).toContain(
      'failed 3:\n  - lab: e2e/lab/a.lab.test.ts: fails over\n      AssertionError: expected 2 to be 0\n' +
        '  - lab: e2e/lab/b.lab.test.ts: (the file)\n      Hook timed out\n' +
        '  - browser: p.spec.ts: picks\n      Timeout 5000ms exceeded',
    );
    expect(text).not.toContain('connects');
    expect(lastLine(text)).toBe('tests: 1 passed, 2 failed, 0 skipped');
  });

  it('fails when a suite could not even list the tests it skipped', () => {
    const tally = createTally('/repo');
    tally.notRun('lab tests', 'HOLDFAST_SKIP_LAB=1', null);
    expect(tally.failed()).toBe(true);
    expect(lastLine(tally.render())).toMatch(/^tests: \d+ passed, \d+ failed, \d+ skipped$/);
  });
});
