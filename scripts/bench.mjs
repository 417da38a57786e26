#!/usr/bin/env node
// `sudo npm run bench [-- options]`: the resilience benchmark in the network lab. Holdfast's CLI and plain
// `openvpn` face the same faults (server blackholed, UDP blocked, data frozen after the handshake, server
// killed, a flapping server) and a network that blocks VPN protocols (`--case censored`); the figures
// (p50/p95 detection and restore times, leaked packets, notifications, switches, goals met) go to stdout as
// JSON and to test-results/bench/results.json.
// See docs/benchmarks.md. `npm run bench -- --help` lists the options.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';
import { labPrerequisites } from './lab-prerequisites.mjs';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);

// The benchmark is TypeScript next to the lab library; tsx compiles it on the fly.
register();
const { runBench, BENCH_USAGE } = await import('../e2e/bench/main.ts');

// `--servers`: the fleet benchmark (import, servers.list, search) in the core alone; no lab, no root.
if (argv.includes('--servers')) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { runServersBench } = await import('../e2e/bench/servers-bench.ts');
  const result = await runServersBench((line) => process.stderr.write(`${line}\n`));
  const out = path.join(root, 'test-results/bench/servers.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

if (argv.includes('--help') || argv.includes('-h')) {
  console.log(BENCH_USAGE);
  process.exit(0);
}
// `--table FILE`: the markdown results table of docs/benchmarks.md from a results.json; needs no lab.
const table = argv.indexOf('--table');
if (table >= 0) {
  const { resultsTable } = await import('../e2e/bench/markdown-table.ts');
  const file = argv[table + 1] ?? path.join(root, 'test-results/bench/results.json');
  console.log(resultsTable(JSON.parse(readFileSync(file, 'utf8'))));
  process.exit(0);
}

const missing = [];
const prereq = labPrerequisites({ extraBinaries: { openssl: 'openssl' } });
if (!prereq.ok) missing.push(...prereq.missing);
const cli = path.join(root, 'out/main/cli.js');
if (!existsSync(cli)) missing.push('the built CLI (out/main/cli.js): run `npm run build` first');
if (missing.length > 0) {
  console.error('The benchmark cannot run on this machine. Missing:');
  for (const item of missing) console.error(`  - ${item}`);
  if (prereq.hint) console.error(prereq.hint.replace('sudo npm test', 'sudo npm run bench'));
  process.exit(1);
}

process.exit(await runBench(argv, root));
