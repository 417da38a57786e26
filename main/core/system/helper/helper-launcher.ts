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

/** The helper itself: an installed wrapper (`/opt/Holdfast/resources/holdfast-helper`) or node + script. */
export interface HelperProgram {
  command: string;
  args: string[];
}

/**
 * How to start the helper. pkexec asks through the desktop's polkit agent, using the action in
 * packaging/linux/org.holdfast.helper.policy (whose exec.path must be exactly the installed wrapper);
 * sudo runs non-interactively (`-n`): it succeeds only with a sudoers rule or cached credentials and
 * never waits on a password prompt nobody can see; `none` when already root (tests, the lab). The helper
 * learns the uid to serve from PKEXEC_UID/SUDO_UID, which pkexec and sudo set; `--uid` must agree.
 */
export function helperLaunchPlan(options: {
  helperPath?: string;
  program?: HelperProgram;
  uid: number;
  elevation: Elevation;
}): LaunchPlan {
  const program = options.program ?? { command: options.helperPath ?? '', args: [] };
  if (!program.command) throw new Error('helperLaunchPlan needs the helper program');
  const tail = [program.command, ...program.args, '--uid', String(options.uid)];
  switch (options.elevation) {
    case 'pkexec':
      return { command: 'pkexec', args: tail };
    case 'sudo':
      return { command: 'sudo', args: ['-n', '--', ...tail] };
    case 'none':
      return { command: program.command, args: tail.slice(1) };
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

// Its own process group: Ctrl-C in the terminal reaches the CLI, which disconnects through the helper,
// instead of killing the helper (and the tunnel) underneath it.
const defaultSpawn: SpawnLike = (command, args) =>
  spawnChild(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });

/**
 * Starts the helper, hands it a fresh token on its stdin and waits for its READY line. The stdin pipe
 * stays open on purpose: it is how the helper notices that the app is gone.
 */
export function launchHelper(
  plan: LaunchPlan,
  options: { spawn?: SpawnLike; timeoutMs?: number; onLog?: (line: string) => void } = {},
): Promise<LaunchedHelper> {
  const token = randomBytes(32).toString('base64url');
  const child = (options.spawn ?? defaultSpawn)(plan.command, plan.args);
  return new Promise<LaunchedHelper>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (message: string) => {
      cleanup();
      // A helper running as root cannot be signalled by a user's app; closing stdin makes it exit.
      child.stdin?.end();
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
        keepDraining(child, options.onLog);
        resolve({ socket: ready.socket, pid: ready.pid, token, child });
      } catch {
        fail('The privileged helper answered in a form this version of Holdfast does not understand');
      }
    };
    const onStderr = (chunk: Buffer | string) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    };
    const onExit = (code: number | null) => {
      const why = exitReason(plan.command, code, stderr);
      fail(`Connecting needs administrator rights: ${why}`);
    };
    const onError = (err: Error) => fail(`Could not start the privileged helper (${plan.command}): ${err.message}`);
    const timer = setTimeout(() => fail('The privileged helper did not start in time'), options.timeoutMs ?? 120_000);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onStdout);
      child.stderr?.off('data', onStderr);
      child.off('close', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onStdout);
    child.stderr?.on('data', onStderr);
    // 'close', not 'exit': by then everything it wrote to stderr has been read.
    child.on('close', onExit);
    child.on('error', onError);
    child.stdin?.on('error', () => undefined);
    child.stdin?.write(`${token}\n`);
  });
}

/** A pipe nobody reads fills up and blocks the helper's next write: keep reading, and pass its log on. */
function keepDraining(child: ChildProcess, onLog: ((line: string) => void) | undefined): void {
  child.stdout?.resume();
  let pending = '';
  child.stderr?.on('data', (chunk: Buffer | string) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = (lines.pop() ?? '').slice(-4096);
    for (const line of lines) if (line.trim()) onLog?.(line.slice(0, 1000));
  });
}

function exitReason(command: string, code: number | null, stderr: string): string {
  // pkexec exits 126 when the user dismissed the password dialog, 127 when not authorized.
  if (command === 'pkexec' && (code === 126 || code === 127)) return 'administrator rights were not granted';
  // sudo -n exits 1 with "a password is required" when no rule allows the helper without one.
  if (command === 'sudo' && /password is required|may not run sudo|not allowed to execute/i.test(stderr)) {
    return 'sudo does not allow starting the Holdfast helper without a password';
  }
  const last = stderr.trim().split('\n').pop() ?? '';
  return `the privileged helper stopped (exit ${code ?? 'by signal'})${last ? `: ${last}` : ''}`;
}

/** Launches the helper and opens an authenticated connection to it. */
export async function startHelper(
  plan: LaunchPlan,
  options: { clientVersion: string; spawn?: SpawnLike; timeoutMs?: number; onLog?: (line: string) => void },
): Promise<{ helper: LaunchedHelper; client: HelperClient }> {
  const helper = await launchHelper(plan, options);
  try {
    const client = await HelperClient.connect(helper.socket, helper.token, { clientVersion: options.clientVersion });
    return { helper, client };
  } catch (err) {
    helper.child.stdin?.end();
    helper.child.kill('SIGTERM');
    throw err;
  }
}
