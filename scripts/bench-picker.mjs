#!/usr/bin/env node
// `npm run bench:picker [-- options]`: the server picker in Chromium with the production renderer and its
// real store over 10,000 servers: keystroke-to-paint (p50/p95), first render, scrolling, JS heap. JSON to
// stdout and test-results/bench/picker.json. Needs a built renderer (npx electron-vite build) and
// /usr/bin/chromium; no root, no lab. See docs/benchmarks.md.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

const root = path.resolve(import.meta.dirname, '..');
register();
const { runPickerBench, PICKER_BENCH_USAGE } = await import('../e2e/bench/picker/main.ts');
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(PICKER_BENCH_USAGE);
  process.exit(0);
}
const missing = [];
if (!existsSync(path.join(root, 'out/renderer/index.html')))
  missing.push('the built renderer (npx electron-vite build)');
if (!existsSync('/usr/bin/chromium')) missing.push('Chromium at /usr/bin/chromium');
if (missing.length > 0) {
  console.error(`The picker benchmark cannot run here. Missing: ${missing.join(', ')}`);
  process.exit(1);
}
process.exit(await runPickerBench(argv, root));
