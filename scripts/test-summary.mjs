// The tally behind `npm test`'s summary: steps with their status, tests passed / failed / skipped from the
// suites' JSON reports, and every skipped test under its reason. The last line is always
// `tests: N passed, N failed, N skipped` (CI reads it).
import path from 'node:path';

/** Every test in a Playwright JSON report (or `--list` output), with its spec. */
export function playwrightTests(report) {
  const out = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) out.push({ spec, test });
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return out;
}

const ansi = new RegExp(String.raw`\x1b\[[0-9;]*m`, 'g');

/** One line per failed test: where, and the first line of what it said (colour codes removed). */
function failure(suite, name, messages) {
  const first = (messages ?? [])
    .join('\n')
    .replace(ansi, '')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return `  - ${suite}: ${name}${first ? `\n      ${first.slice(0, 300)}` : ''}`;
}

/** @param {string} root paths in the summary are relative to it */
export function createTally(root) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  /** @type {{ name: string, status: 'ok' | 'FAILED' | 'SKIPPED', note?: string }[]} */
  const steps = [];
  /** @type {Map<string, string[]>} */
  const skips = new Map();
  /** Failed tests with the first line of their error: CI keeps only the end of the output, so the summary names them. */
  /** @type {string[]} */
  const failures = [];

  const tally = {
    totals,
    steps,
    step(name, status, note) {
      steps.push({ name, status, ...(note ? { note } : {}) });
    },
    skipped(reason, names) {
      if (names.length === 0) return;
      totals.skipped += names.length;
      skips.set(reason, [...(skips.get(reason) ?? []), ...names]);
    },
    /** A suite that did not run at all: its tests, listed, count as skipped for this reason. */
    notRun(name, reason, names) {
      if (names === null) return tally.step(name, 'FAILED', `not run (${reason}), and its tests could not be listed`);
      tally.skipped(reason, names);
      tally.step(name, 'SKIPPED', `${names.length} tests not run: ${reason}`);
    },
    addVitest(report, suite) {
      totals.passed += report.numPassedTests ?? 0;
      totals.failed += report.numFailedTests ?? 0;
      const names = (report.testResults ?? []).flatMap((file) =>
        (file.assertionResults ?? [])
          .filter((t) => ['skipped', 'pending', 'todo'].includes(t.status))
          .map((t) => `${path.relative(root, file.name)}: ${t.fullName ?? t.title}`),
      );
      tally.skipped(`${suite}: skipped by the test's own condition (it.skipIf / todo in the file)`, names);
      for (const file of report.testResults ?? []) {
        for (const t of file.assertionResults ?? []) {
          if (t.status !== 'failed') continue;
          failures.push(
            failure(suite, `${path.relative(root, file.name)}: ${t.fullName ?? t.title}`, t.failureMessages),
          );
        }
        // A file that failed before any test ran (an import or a hook) has no failed test of its own.
        if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
          failures.push(failure(suite, `${path.relative(root, file.name)}: (the file)`, [file.message]));
        }
      }
    },
    addPlaywright(report, suite) {
      const stats = report.stats ?? {};
      totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
      totals.failed += stats.unexpected ?? 0;
      if (typeof report.skipped === 'string') {
        // scripts/electron-e2e.mjs: the whole suite did not run, for this reason.
        const names = report.skippedTests ?? Array.from({ length: stats.skipped ?? 0 }, () => '(unnamed)');
        tally.skipped(`${suite}: ${report.skipped}`, names);
        return;
      }
      for (const { spec, test } of playwrightTests(report)) {
        if (test.status === 'unexpected') {
          const errors = (test.results ?? []).flatMap((r) => (r.errors ?? []).map((e) => e.message ?? ''));
          failures.push(failure(suite, `${spec.file}: ${spec.title}`, errors));
        }
        if (test.status !== 'skipped') continue;
        const note = (test.annotations ?? []).find((a) => a.type === 'skip')?.description || 'test.skip';
        tally.skipped(`${suite}: ${note}`, [`${spec.file}: ${spec.title}`]);
      }
    },
    failed() {
      return steps.some((s) => s.status === 'FAILED') || totals.failed > 0;
    },
    render() {
      const lines = ['=== summary'];
      for (const s of steps) lines.push(`${s.status.padEnd(7)} ${s.name}${s.note ? `: ${s.note}` : ''}`);
      if (failures.length > 0) lines.push('', `failed ${failures.length}:`, ...failures);
      for (const [reason, names] of skips) {
        lines.push('', `skipped ${names.length}: ${reason}`, ...names.map((n) => `  - ${n}`));
      }
      lines.push(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
      return `${lines.join('\n')}\n`;
    },
  };
  return tally;
}
