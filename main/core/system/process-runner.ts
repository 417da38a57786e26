/**
 * Every external program (ip, wg, wireguard-go, openvpn, nft, ping) is reached through this port,
 * so core logic tests with a fake runner and the lab swaps in the real one.
 * Arguments are always an argv array: nothing is ever passed through a shell.
 */
export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
}

export interface SpawnedProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<ProcessExit>;
  kill(signal?: NodeJS.Signals): void;
  onStdout(listener: (chunk: string) => void): void;
  onStderr(listener: (chunk: string) => void): void;
}

export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  spawn(command: string, args: readonly string[], options?: SpawnOptions): SpawnedProcess;
}

export class CommandFailedError extends Error {
  constructor(
    readonly command: string,
    readonly args: readonly string[],
    readonly result: RunResult,
  ) {
    super(`${command} ${args.join(' ')} exited with ${result.code}: ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'CommandFailedError';
  }
}

/** Runs a command and throws CommandFailedError on a non-zero exit. */
export async function runChecked(
  runner: ProcessRunner,
  command: string,
  args: readonly string[],
  options?: RunOptions,
): Promise<RunResult> {
  const result = await runner.run(command, args, options);
  if (result.code !== 0) throw new CommandFailedError(command, args, result);
  return result;
}
