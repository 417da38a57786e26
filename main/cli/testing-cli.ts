import { createHoldfastCore } from '../core/service/core';
import type { CliIo } from './io';
import { runCli } from './run';

/**
 * Runs the CLI in-process on the real core with a data folder of the test's own: no tunnels and no kill switch,
 * so nothing connects, and a network that never answers a measurement. For command tests only.
 */
export async function runCliOnCore(
  dataDir: string,
  home: string,
  argv: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: {},
    home,
    onSignal: () => () => undefined,
  };
  const code = await runCli(['--data-dir', dataDir, ...argv], io, {
    version: 'test',
    createCore: (options) => createHoldfastCore({ ...options, drivers: {}, killSwitch: null }),
    openPrivileges: async () => ({ ok: true, coreOptions: {}, close: async () => undefined }),
  });
  return { code, out: out.join(''), err: err.join('') };
}
