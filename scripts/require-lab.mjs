#!/usr/bin/env node
// Gate for the lab and browser suites: exits 0 when this machine can run them, else says exactly what is
// missing and how to get it, and exits 1. HOLDFAST_SKIP_LAB=1 skips the suites on purpose (exit 0).
import { BROWSER_BINARIES, labPrerequisites } from './lab-prerequisites.mjs';

if (process.env.HOLDFAST_SKIP_LAB === '1') {
  console.log('HOLDFAST_SKIP_LAB=1: the lab suites (network namespaces, real tunnels) are skipped.');
  process.exit(0);
}

// `--browser`: the browser suites, which also need Chromium.
const extra = process.argv.includes('--browser') ? BROWSER_BINARIES : {};
const result = labPrerequisites({ extraBinaries: extra });
if (result.ok) process.exit(0);

console.error('The lab suites cannot run on this machine. Missing:');
for (const item of result.missing) console.error(`  - ${item}`);
if (result.missing.some((m) => m.includes('Debian package'))) console.error('run: sudo npm run setup:test');
if (result.missing.includes('root')) console.error('run the tests as root: sudo npm test');
console.error('(or set HOLDFAST_SKIP_LAB=1 to skip the lab suites)');
process.exit(1);
