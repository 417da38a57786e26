import { promises as fs } from 'node:fs';
import net from 'node:net';
import type { Envelope } from '../../preload/contract';
import { HoldfastError } from '../core/errors';
import type { Dispatcher } from '../core/service/dispatcher';
import { encodeJsonLine, LineDecoder, parseJsonLine } from '../core/net/ndjson';

/**
 * The running `holdfast connect` answers `status` and `disconnect` from other terminals on a unix
 * socket in the data dir. It speaks the same contract as the app (one JSON request per line, one
 * envelope back), and only the owner can reach it: the socket is 0600 inside a 0700 directory.
 */
/** A request is small; an answer (a status snapshot) stays well under this. */
const MAX_LINE = 1024 * 1024;
/** The desktop app serves the same commands beside `control.sock`, in the data folder they share. */
export const APP_CONTROL_SOCKET = 'app-control.sock';
/** Only these commands are served: a second terminal may look and disconnect, nothing else. */
const SERVED = new Set(['connection.snapshot', 'connection.disconnect', 'app.info']);

export interface ControlServer {
  close(): Promise<void>;
}

export async function serveControl(socketPath: string, dispatcher: Dispatcher): Promise<ControlServer> {
  if (Buffer.byteLength(socketPath) > 100) {
    throw new HoldfastError('invalid-request', `The data dir path is too long for a control socket: ${socketPath}`);
  }
  await clearStaleSocket(socketPath);
  const server = net.createServer((socket) => {
    const decoder = new LineDecoder(
      MAX_LINE,
      (line) => void answer(line).then((reply) => socket.writable && socket.write(encodeJsonLine(reply))),
      () => socket.destroy(),
    );
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    socket.on('close', () => decoder.stop());
  });
  const answer = async (line: string): Promise<Envelope<unknown> & { id?: unknown }> => {
    const parsed = parseJsonLine(line);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
      return { ok: false, error: { code: 'invalid-request', message: 'not a JSON object' } };
    }
    const request = parsed.value as { id?: unknown; command?: unknown; params?: unknown };
    if (typeof request.command !== 'string' || !SERVED.has(request.command)) {
      return {
        id: request.id,
        ok: false,
        error: { code: 'unknown-command', message: 'not served on the control socket' },
      };
    }
    return { id: request.id, ...(await dispatcher.dispatch(request.command, request.params ?? {})) };
  };
  const previousUmask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(previousUmask);
  }
  await fs.chmod(socketPath, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        void fs.rm(socketPath, { force: true });
      }),
  };
}

/** A socket file whose owner died is removed; a live one means another `connect` is running. */
async function clearStaleSocket(socketPath: string): Promise<void> {
  try {
    await fs.lstat(socketPath);
  } catch {
    return;
  }
  const alive = await new Promise<boolean>((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) {
    throw new HoldfastError(
      'already-connected',
      'Another `holdfast connect` is already running with this data dir. Use `holdfast status` or `holdfast disconnect`.',
    );
  }
  await fs.rm(socketPath, { force: true });
}

/** Sends one command to the running `connect`; throws 'not-connected' when none is running. */
export async function callControl<T>(
  socketPath: string,
  command: string,
  params: unknown = {},
  timeoutMs = 30_000,
): Promise<Envelope<T>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new HoldfastError('internal', `The running holdfast did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const decoder = new LineDecoder(
      MAX_LINE,
      (line) => {
        decoder.stop();
        clearTimeout(timer);
        socket.end();
        const parsed = parseJsonLine(line);
        if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
          reject(new HoldfastError('internal', 'The running holdfast answered something that is not JSON'));
          return;
        }
        const { id: _id, ...envelope } = parsed.value as Envelope<T> & { id?: unknown };
        resolve(envelope as Envelope<T>);
      },
      () => {
        clearTimeout(timer);
        socket.destroy();
        reject(new HoldfastError('internal', 'The running holdfast sent an answer larger than allowed'));
      },
    );
    socket.once('error', () => {
      clearTimeout(timer);
      reject(new HoldfastError('not-connected', 'Not connected: no `holdfast connect` is running with this data dir.'));
    });
    socket.once('connect', () => socket.write(encodeJsonLine({ id: 1, command, params })));
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
  });
}
