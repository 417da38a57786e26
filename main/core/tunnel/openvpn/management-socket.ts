import net from 'node:net';
import type { Clock } from '../../clock';
import type { ManagementSocket } from './management-client';

/** Opens a connection to a management socket path; injectable so the session tests without OpenVPN. */
export type ManagementConnector = (socketPath: string) => Promise<ManagementSocket>;

/** One attempt to connect to OpenVPN's unix management socket. */
export const connectUnixSocket: ManagementConnector = (socketPath) =>
  new Promise((resolve, reject) => {
    const socket = net.createConnection({ path: socketPath });
    socket.setEncoding('utf8');
    const onError = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      // After connecting, errors surface as a close; the session decides what a close means.
      socket.on('error', () => undefined);
      resolve({
        write: (data) => {
          if (!socket.destroyed) socket.write(data);
        },
        onData: (listener) => socket.on('data', (chunk: string) => listener(chunk)),
        onClose: (listener) => socket.once('close', () => listener()),
        close: () => socket.destroy(),
      });
    });
  });

export interface RetryOptions {
  clock: Clock;
  /** Give up after this long. */
  timeoutMs: number;
  intervalMs: number;
  /** Checked between attempts: e.g. the process already exited, so the socket will never appear. */
  shouldStop?: () => string | undefined;
}

/** OpenVPN creates the socket a moment after it starts: keep trying until it answers or time runs out. */
export async function connectWithRetry(
  connector: ManagementConnector,
  socketPath: string,
  options: RetryOptions,
): Promise<ManagementSocket> {
  const deadline = options.clock.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const stop = options.shouldStop?.();
    if (stop) throw new Error(stop);
    try {
      return await connector(socketPath);
    } catch (err) {
      lastError = err;
    }
    if (options.clock.now() >= deadline) {
      const detail = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`the OpenVPN management socket did not open within ${options.timeoutMs} ms (${detail})`);
    }
    await options.clock.sleep(options.intervalMs);
  }
}
