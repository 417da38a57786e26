import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Builds the renderer bundle the harness serves, so a journey never runs yesterday's renderer.
 * HOLDFAST_RENDERER_PREBUILT=1 skips it when `npm run build` has just produced out/renderer.
 */
export default function globalSetup(): void {
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
