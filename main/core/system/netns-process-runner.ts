import type { ProcessRunner, RunOptions, RunResult, SpawnOptions, SpawnedProcess } from './process-runner';

/**
 * Runs every command inside a network namespace (`ip netns exec <ns> ...`), so the same driver code that
 * manages the host's network manages a lab client's. `ip netns exec` execs the program in place, so a
 * spawned process keeps its pid and its signals.
 */
export class NetnsProcessRunner implements ProcessRunner {
  constructor(
    private readonly inner: ProcessRunner,
    readonly namespace: string,
  ) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(namespace)) throw new Error(`invalid network namespace name "${namespace}"`);
  }

  async run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const result = await this.inner.run('ip', ['netns', 'exec', this.namespace, command, ...args], options);
    return normalizeMissingBinary(result);
  }

  spawn(command: string, args: readonly string[], options?: SpawnOptions): SpawnedProcess {
    return this.inner.spawn('ip', ['netns', 'exec', this.namespace, command, ...args], options);
  }
}

// `ip netns exec` reports a missing program as exit 1 / 255 with its own message; callers expect a
// shell's 127 so that "binary missing" reads the same inside and outside a namespace.
function normalizeMissingBinary(result: RunResult): RunResult {
  if (result.code !== 0 && /exec of ".*" failed: No such file or directory/.test(result.stderr)) {
    return { ...result, code: 127 };
  }
  return result;
}
