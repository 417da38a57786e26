#!/usr/bin/env node
// Gate for the suites that need this machine's programs: exits 0 when it can run them, else says exactly what is
// missing and how to get it, and exits 1. `--browser`: the browser suites (Chromium, a Chinese font);
// `--electron`: a virtual display; `--all`: every suite; default: the network lab (root, programs, tun).
// `--programs-only` leaves out root and the tun device. HOLDFAST_SKIP_LAB=1 leaves out the lab on purpose.
import { checkPrerequisites } from './lab-prerequisites.mjs';

const args = new Set(process.argv.slice(2));
/** @type {import('./lab-prerequisites.mjs').Suite[]} */
let suites = args.has('--all')
  ? ['lab', 'browser', 'electron']
  : [
      ...(args.has('--browser') ? ['browser'] : []),
      ...(args.has('--electron') ? ['electron'] : []),
      ...(args.has('--browser') || args.has('--electron') ? [] : ['lab']),
    ];
if (process.env.HOLDFAST_SKIP_LAB === '1' && suites.includes('lab')) {
  console.log('HOLDFAST_SKIP_LAB=1: the lab suites (network namespaces, real tunnels) are skipped.');
  suites = suites.filter((s) => s !== 'lab');
  if (suites.length === 0) process.exit(0);
}
const result = checkPrerequisites({ suites, programsOnly: args.has('--programs-only') });
if (result.ok) {
  if (args.has('--programs-only')) console.log(`Every program the ${suites.join(', ')} tests run is installed.`);
  process.exit(0);
}
console.error(result.message);
if (suites.includes('lab')) console.error('(or set HOLDFAST_SKIP_LAB=1 to skip the lab suites; the skip is counted)');
process.exit(1);
