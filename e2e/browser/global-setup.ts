import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { checkPrerequisites } from '../../scripts/lab-prerequisites.mjs';

/**
 * Every browser spec needs Debian's Chromium and a Chinese font (the zh-CN screenshots); a machine without them
 * fails here, naming what is missing and the fix. The lab journeys check the lab themselves (lab-journey.ts).
 * Then builds the renderer bundle the harness serves, so a journey never runs yesterday's renderer.
 * HOLDFAST_RENDERER_PREBUILT=1 skips it when `npm run build` has just produced out/renderer.
 */
export default function globalSetup(): void {
  const browser = checkPrerequisites({ suites: ['browser'] });
  if (!browser.ok) throw new Error(browser.message);
  if (process.env.HOLDFAST_RENDERER_PREBUILT === '1') return;
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'e2e/harness/vite.renderer.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}
