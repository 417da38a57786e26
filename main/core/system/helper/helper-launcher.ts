import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { HoldfastError } from '../../errors';
import { HelperClient } from './helper-client';
import { READY_PREFIX } from './helper-startup';

export type Elevation = 'pkexec' | 'sudo' | 'none';

export interface LaunchPlan {
  command: string;
  args: string[];
}

/**
 * How to start the helper. pkexec asks through the desktop's polkit agent, using the action in
 * packaging/linux/org.holdfast.helper.policy (whose exec.path must be exactly `helperPath`); sudo is
 * the fallback in a terminal; `none` when already root (tests, the lab). The helper learns the uid to
 * serve from PKEXEC_UID/SUDO_UID, which pkexec and sudo set; `--uid` must agree with them.
 */
export function helperLaunchPlan(options: { helperPath: string; uid: number; elevation: Elevation }): LaunchPlan {
  const tail = [options.helperPath, '--uid', String(options.uid)];
  switch (options.elevation) {
    case 'pkexec':
      return { command: 'pkexec', args: tail };
    case 'sudo':
      return { command: 'sudo', args: ['--', ...tail] };
    case 'none':
      return { command: tail[0] ?? options.helperPath, args: tail.slice(1) };
  }
}

export interface LaunchedHelper {
  socket: string;
  pid: number;
  /** Kept by the app for the lifetime of the helper; never written to disk or logs. */
  token: string;
  child: ChildProcess;
}

export type SpawnLike = (command: string, args: string[]) => ChildProcess;

const defaultSpawn: SpawnLike = (command, args) => spawnChild(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });

/**
 * Starts the helper, hands it a fresh token on its stdin and waits for its READY line. The stdin pipe
 * stays open on purpose: it is how the helper notices that the app is gone.
 */
export function launchHelper(
  plan: LaunchPlan,
  options: { spawn?: SpawnLike; timeoutMs?: number } = {},
): Promise<LaunchedHelper> {
  const token = randomBytes(32).toString('base64url');
  const child = (options.spawn ?? defaultSpawn)(plan.command, plan.args);
  return new Promise<LaunchedHelper>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (message: string) => {
      cleanup();
      child.kill('SIGTERM');
      reject(new HoldfastError('not-privileged', message));
    };
    const onStdout = (chunk: Buffer | string) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (!line) {
        if (stdout.length > 64 * 1024) fail('The privileged helper printed too much before it was ready');
        return;
      }
      try {
        const ready = JSON.parse(line.slice(READY_PREFIX.length)) as { socket?: unknown; pid?: unknown };
        if (typeof ready.socket !== 'string' || typeof ready.pid !== 'number') throw new Error('incomplete');
        cleanup();
        resolve({ socket: ready.socket, pid: ready.pid, token, child });
      } catch {
        fail('The privileged helper answered in a form this version of Holdfast does not understand');
      }
    };
    const onStderr = (chunk: Buffer | string) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    };
    const onExit = (code: number | null) => {
      // pkexec exits 126 when the user dismissed the password dialog, 127 when not authorized.
      const why =
        code === 126 || code === 127
          ? 'administrator rights were not granted'
          : `the privileged helper stopped (exit ${code ?? 'by signal'}): ${stderr.trim().split('\n').pop() ?? ''}`;
      fail(`Connecting needs administrator rights: ${why}`);
    };
    const onError = (err: Error) => fail(`Could not start the privileged helper (${plan.command}): ${err.message}`);
    const timer = setTimeout(() => fail('The privileged helper did not start in time'), options.timeoutMs ?? 120_000);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.stderr?.off('data', onStderr);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
    child.on('exit', onExit);
    child.on('error', onError);
    child.stdin?.on('error', () => undefined);
    child.stdin?.write(`${token}\n`);
  });
}

/** Launches the helper and opens an authenticated connection to it. */
export async function startHelper(
  plan: LaunchPlan,
  options: { clientVersion: string; spawn?: SpawnLike; timeoutMs?: number },
): Promise<{ helper: LaunchedHelper; client: HelperClient }> {
  const helper = await launchHelper(plan, options);
  try {
    const client = await HelperClient.connect(helper.socket, helper.token, { clientVersion: options.clientVersion });
    return { helper, client };
  } catch (err) {
    helper.child.kill('SIGTERM');
    throw err;
  }
}
