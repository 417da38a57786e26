import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHROMIUM_PATH } from './chromium';

/**
 * Writes an executable that starts Chromium inside a network namespace. Playwright drives Chromium over
 * a pipe (inherited file descriptors), not a port, so the browser can live in the namespace while the
 * test runner stays outside it; `ip netns exec` execs in place, so signals reach Chromium itself.
 */
export async function writeNetnsChromium(dir: string, netns: string): Promise<string> {
  if (!/^[A-Za-z0-9_.-]+$/.test(netns)) throw new Error(`unexpected namespace name: ${netns}`);
  const file = path.join(dir, 'chromium-in-netns.sh');
  await writeFile(file, `#!/bin/sh\nexec ip netns exec '${netns}' '${CHROMIUM_PATH}' "$@"\n`);
  await chmod(file, 0o700);
  return file;
}
