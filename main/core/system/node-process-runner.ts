import { spawn as spawnChild } from 'node:child_process';
import type { ProcessExit, ProcessRunner, RunOptions, RunResult, SpawnOptions, SpawnedProcess } from './process-runner';

/** The real runner. A missing binary resolves with code 127 (like a shell) instead of throwing. */
export class NodeProcessRunner implements ProcessRunner {
  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      const child = spawnChild(command, [...args], {
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let settled = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              child.kill('SIGKILL');
            }, options.timeoutMs);
      const finish = (result: RunResult): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        resolve(result);
      };
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (err: NodeJS.ErrnoException) => {
        finish({ code: err.code === 'ENOENT' ? 127 : 126, stdout, stderr: stderr + err.message });
      });
      child.on('close', (code, signal) => {
        finish({ code: code ?? (signal ? 128 : 1), stdout, stderr });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input ?? '');
    });
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): SpawnedProcess {
    const child = spawnChild(command, [...args], {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<ProcessExit>((resolve) => {
      child.on('error', () => resolve({ code: 127, signal: null }));
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    return {
      pid: child.pid,
      exited,
      kill: (signal = 'SIGTERM') => {
        child.kill(signal);
      },
      onStdout: (listener) => child.stdout.on('data', listener),
      onStderr: (listener) => child.stderr.on('data', listener),
    };
  }
}
