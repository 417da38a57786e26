import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface HarnessProcess {
  url: string;
  /** Everything the harness wrote to stderr so far (events, problems), for failure messages. */
  log(): string;
  /** With fakeDriver: switches the censor (e2e/harness/fake-tunnels.ts) and resolves once it holds. */
  censor(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Starts e2e/harness/server.ts as its own process (inside a network namespace when `netns` is given, so its
 * loopback is the namespace's) and resolves with the URL it prints once ready.
 */
export interface HarnessProcessOptions {
  dataDir: string;
  netns?: string;
  /** Scripted tunnels instead of real ones (no root, no lab); see e2e/harness/fake-tunnels.ts. */
  fakeDriver?: 'strong' | 'weak';
  /** With fakeDriver: the first endpoint's server stops answering this long after the first tunnel. */
  fakeDropAfterMs?: number;
}

export async function startHarnessProcess(options: HarnessProcessOptions): Promise<HarnessProcess> {
  const node = [process.execPath, '--import', 'tsx', 'e2e/harness/server.ts', '--data-dir', options.dataDir];
  if (options.fakeDriver) node.push('--fake-driver', options.fakeDriver);
  if (options.fakeDropAfterMs !== undefined) node.push('--fake-drop-after', String(options.fakeDropAfterMs));
  const argv = options.netns ? ['ip', 'netns', 'exec', options.netns, ...node] : node;
  // Controls go in on stdin (server.ts reads them with scripted tunnels only).
  const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('the harness did not print its URL within 60 s')), 60_000);
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n--- harness stderr ---\n${stderr}`));
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('http://'));
      if (line && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`the harness exited early (${signal ?? code})`)));
    child.once('error', fail);
  });

  const censor = async (on: boolean): Promise<void> => {
    if (!options.fakeDriver) throw new Error('this harness has no controls: start it with fakeDriver');
    const command = `censor ${on ? 'on' : 'off'}`;
    const from = stderr.length;
    child.stdin.write(`${command}\n`);
    const deadline = Date.now() + 10_000;
    while (!stderr.includes(`harness: ${command}\n`, from)) {
      if (Date.now() > deadline) throw new Error(`the harness did not confirm "${command}"\n${stderr.slice(from)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return { url, log: () => stderr, censor, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // The harness disconnects the tunnel on SIGTERM; give it time, then insist.
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
