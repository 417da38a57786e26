#!/usr/bin/env node
// Runs the OpenVPN connect lab tests many times in a row, to find connects that stall now and then.
// Not part of CI: a stall that shows once in fifty runs needs fifty runs. Each run takes the shared lab lock
// (/tmp/holdfast-lab.lock) on its own, so other lab work can go between runs.
//
//   node scripts/loop-openvpn-connect.mjs [--runs 50] [--file e2e/lab/openvpn-connects.lab.test.ts]
//                                         [--pattern "UDP 1194|TCP 443"] [--json out.json]
//
// Prints one line per run (each test's result and duration), then a summary: passed/failed runs, and
// min / median / max duration per test. Exits 1 when any run failed.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    file: { type: 'string', default: 'e2e/lab/openvpn-connects.lab.test.ts' },
    pattern: { type: 'string' },
    json: { type: 'string' },
    lock: { type: 'string', default: '/tmp/holdfast-lab.lock' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive whole number, not "${values.runs}"`);
  process.exit(2);
}

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'holdfast-loop-'));

/** One vitest run under the lab lock; resolves with its JSON report (or null when vitest wrote none). */
function runOnce(index) {
  const report = path.join(tmp, `run-${index}.json`);
  const args = [values.lock, 'npx', 'vitest', 'run', '--project', 'lab', values.file];
  if (values.pattern) args.push('-t', values.pattern);
  args.push('--reporter=json', `--outputFile=${report}`);
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('flock', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('exit', async (code) => {
      const text = await fs.readFile(report, 'utf8').catch(() => null);
      resolve({ code, ms: Date.now() - started, report: text ? JSON.parse(text) : null, stderr });
    });
  });
}

const durations = new Map();
const results = [];
let failedRuns = 0;
for (let i = 1; i <= runs; i += 1) {
  const run = await runOnce(i);
  const tests = (run.report?.testResults ?? []).flatMap((file) =>
    file.assertionResults
      .filter((t) => t.status !== 'skipped' && t.status !== 'pending')
      .map((t) => ({ title: t.title, status: t.status, ms: Math.round(t.duration ?? 0), failure: t.failureMessages })),
  );
  const ok = run.code === 0 && tests.length > 0 && tests.every((t) => t.status === 'passed');
  if (!ok) failedRuns += 1;
  for (const t of tests) durations.set(t.title, [...(durations.get(t.title) ?? []), t.ms]);
  results.push({ run: i, ok, tests });
  const line = tests.map((t) => `${t.status === 'passed' ? 'ok' : 'FAIL'} ${t.ms} ms ${t.title.slice(0, 40)}`);
  console.log(`run ${i}/${runs}: ${ok ? 'passed' : 'FAILED'}  ${line.join(' | ')}`);
  if (!ok) {
    for (const t of tests.filter((x) => x.status !== 'passed'))
      console.log(`  ${t.failure.join('\n  ').slice(0, 2000)}`);
    if (tests.length === 0) console.log(`  vitest exited ${run.code}: ${run.stderr.slice(-1500)}`);
  }
}

console.log(`\n${runs - failedRuns} of ${runs} runs passed`);
for (const [title, list] of durations) {
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`  ${title}: min ${sorted[0]} ms, median ${median} ms, max ${sorted.at(-1)} ms (${sorted.length} runs)`);
}
if (values.json) await fs.writeFile(values.json, JSON.stringify({ runs, failedRuns, results }, null, 2));
await fs.rm(tmp, { recursive: true, force: true });
process.exit(failedRuns === 0 ? 0 : 1);
