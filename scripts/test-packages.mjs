#!/usr/bin/env node
// For scripts/setup-test.sh: the Debian packages the test suites need, one line per need, alternatives
// separated by spaces (the set-up installs the first the release has). From the one list in lab-prerequisites.
import { CJK_FONT, TEST_PROGRAMS } from './lab-prerequisites.mjs';

const lines = new Set([...TEST_PROGRAMS.map((p) => p.packages.join(' ')), CJK_FONT.packages.join(' ')]);
for (const line of lines) console.log(line);
