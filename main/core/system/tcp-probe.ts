import { connect } from 'node:net';
import type { ProcessRunner } from './process-runner';

/**
 * Opens a TCP connection to `target:port`; true when the far end answered, with a handshake or with a reset.
 * Either proves that packets came back from that address. Timeouts and unreachable routes are false.
 */
export function tcpProbe(target: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: target, port });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', (err: NodeJS.ErrnoException) => finish(err.code === 'ECONNREFUSED'));
  });
}

/**
 * The same through one device, for tunnels without routes (failover racing). Node cannot bind a socket to a
 * device, so curl does it (`--interface`, which needs the privileges the tunnel needed anyway). curl's
 * connect time tells a completed handshake; "Connection refused" in its verbose lines tells a reset.
 */
export async function tcpProbeOnDevice(
  runner: ProcessRunner,
  target: string,
  port: number,
  timeoutMs: number,
  interfaceName: string,
): Promise<boolean> {
  if (!/^[0-9A-Fa-f.:]+$/.test(target)) throw new Error(`TCP probe target must be an IP address, got "${target}"`);
  const seconds = (Math.max(200, timeoutMs) / 1000).toFixed(1);
  const host = target.includes(':') ? `[${target}]` : target;
  const result = await runner.run(
    'curl',
    [
      // Verbose: only curl's progress lines name a refused connection ("connect to ... failed: Connection refused").
      '-v',
      '-sS',
      '-o',
      '/dev/null',
      '--interface',
      interfaceName,
      '--connect-timeout',
      seconds,
      '--max-time',
      seconds,
      '-w',
      '%{time_connect}',
      `http://${host}:${port}/`,
    ],
    { timeoutMs: timeoutMs + 1000 },
  );
  return curlSawAnswer(result.stdout, result.stderr);
}

/** Whether curl's output shows the far end answered: a connect time above zero, or a refused connection. */
export function curlSawAnswer(stdout: string, stderr: string): boolean {
  const connectSeconds = Number(stdout.trim());
  if (Number.isFinite(connectSeconds) && connectSeconds > 0) return true;
  return /Connection refused/i.test(stderr);
}
