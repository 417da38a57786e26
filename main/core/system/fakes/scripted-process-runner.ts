import type {
  ProcessExit,
  ProcessRunner,
  RunOptions,
  RunResult,
  SpawnOptions,
  SpawnedProcess,
} from '../process-runner';

/** One recorded invocation, as `command arg arg ...` for easy assertions. */
export interface RecordedCall {
  line: string;
  command: string;
  args: string[];
  options?: RunOptions | SpawnOptions;
  spawned: boolean;
}

type Answer = Partial<RunResult> | ((call: RecordedCall) => Partial<RunResult> | Promise<Partial<RunResult>>);

interface Rule {
  match: (line: string) => boolean;
  answer: Answer;
  times: number;
}

/**
 * A fake ProcessRunner for unit tests: records every argv and answers from a script. Rules match the
 * command line (`ip -4 rule add ...`) by prefix or regular expression; the newest matching rule wins;
 * anything unscripted succeeds with empty output.
 */
export class ScriptedProcessRunner implements ProcessRunner {
  readonly calls: RecordedCall[] = [];
  readonly spawnedProcesses: FakeSpawnedProcess[] = [];
  private rules: Rule[] = [];
  /** Called for each spawn, e.g. to create the socket a daemon would create. */
  onSpawn: (call: RecordedCall, process: FakeSpawnedProcess) => void = () => undefined;

  on(pattern: string | RegExp, answer: Answer, times = Infinity): this {
    const match =
      typeof pattern === 'string' ? (line: string) => line.startsWith(pattern) : (line: string) => pattern.test(line);
    this.rules.unshift({ match, answer, times });
    return this;
  }

  /** Answers `code 1` with `stderr` for matching commands. */
  fail(pattern: string | RegExp, stderr = 'failed', code = 1, times = Infinity): this {
    return this.on(pattern, { code, stderr }, times);
  }

  lines(): string[] {
    return this.calls.map((call) => call.line);
  }

  async run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const call: RecordedCall = {
      line: [command, ...args].join(' '),
      command,
      args: [...args],
      options,
      spawned: false,
    };
    this.calls.push(call);
    const rule = this.rules.find((r) => r.times > 0 && r.match(call.line));
    if (!rule) return { code: 0, stdout: '', stderr: '' };
    rule.times -= 1;
    const answer = typeof rule.answer === 'function' ? await rule.answer(call) : rule.answer;
    return { code: answer.code ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '' };
  }

  spawn(command: string, args: readonly string[], options?: SpawnOptions): SpawnedProcess {
    const call: RecordedCall = { line: [command, ...args].join(' '), command, args: [...args], options, spawned: true };
    this.calls.push(call);
    const child = new FakeSpawnedProcess(4000 + this.spawnedProcesses.length);
    this.spawnedProcesses.push(child);
    this.onSpawn(call, child);
    return child;
  }
}

export class FakeSpawnedProcess implements SpawnedProcess {
  readonly exited: Promise<ProcessExit>;
  readonly signals: string[] = [];
  private resolveExit!: (exit: ProcessExit) => void;
  private stdoutListeners: Array<(chunk: string) => void> = [];
  private stderrListeners: Array<(chunk: string) => void> = [];
  running = true;

  constructor(readonly pid: number) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.signals.push(signal);
    this.exit(null, signal);
  }

  exit(code: number | null, signal: string | null = null): void {
    if (!this.running) return;
    this.running = false;
    this.resolveExit({ code, signal });
  }

  writeStdout(chunk: string): void {
    for (const listener of this.stdoutListeners) listener(chunk);
  }

  writeStderr(chunk: string): void {
    for (const listener of this.stderrListeners) listener(chunk);
  }

  onStdout(listener: (chunk: string) => void): void {
    this.stdoutListeners.push(listener);
  }

  onStderr(listener: (chunk: string) => void): void {
    this.stderrListeners.push(listener);
  }
}
