import net from 'node:net';
import { HoldfastError, type HoldfastErrorCode } from '../../errors';
import { encodeJsonLine, LineDecoder, parseJsonLine } from '../../net/ndjson';
import {
  HELPER_PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  type HelloResult,
  type HelperErrorBody,
  type HelperEventMessage,
  type ParamsOf,
  type RequestKind,
  type ResultOf,
} from './protocol';

export interface HelperClientOptions {
  clientVersion: string;
  /** Per request; `tunnel.ready` waits for a handshake, so callers pass their own longer limit there. */
  timeoutMs?: number;
}

interface Pending {
  kind: RequestKind;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const KNOWN_CAUSES = new Set<HoldfastErrorCode>([
  'connection-held',
  'invalid-request',
  'profile-refused',
  'not-privileged',
  'binary-missing',
  'interface-taken',
  'tunnel-failed',
  'no-data-through-tunnel',
  'auth-failed',
  'credentials-needed',
  'encryption-too-weak',
  'server-push-refused',
  'internal',
]);

/** The app's side of the helper socket: one connection, requests matched to answers by id. */
export class HelperClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Set<(event: HelperEventMessage) => void>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;
  private helloResult: HelloResult | undefined;

  private constructor(
    private readonly socket: net.Socket,
    private readonly options: HelperClientOptions,
  ) {
    const decoder = new LineDecoder(
      MAX_MESSAGE_BYTES,
      (line) => this.onLine(line),
      () => this.shutdown(new Error('the privileged helper sent a message larger than allowed')),
    );
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    socket.on('error', (err) => this.shutdown(err));
    socket.on('close', () => this.shutdown(new Error('the privileged helper closed the connection')));
  }

  /** Connects and says hello with the token the helper was started with. */
  static async connect(socketPath: string, token: string, options: HelperClientOptions): Promise<HelperClient> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.createConnection(socketPath);
      s.once('connect', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const client = new HelperClient(socket, options);
    try {
      client.helloResult = await client.request('hello', { token, client: { version: options.clientVersion } });
    } catch (err) {
      client.close();
      throw err;
    }
    return client;
  }

  get hello(): HelloResult {
    if (!this.helloResult) throw new Error('not connected');
    return this.helloResult;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  request<K extends RequestKind>(kind: K, params: ParamsOf<K>, timeoutMs?: number): Promise<ResultOf[K]> {
    if (this.closed) return Promise.reject(helperGone());
    const id = this.nextId++;
    const message = encodeJsonLine({ v: HELPER_PROTOCOL_VERSION, id, kind, ...params });
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES + 1) {
      return Promise.reject(
        new HoldfastError('invalid-request', `the ${kind} request is larger than the helper accepts`),
      );
    }
    return new Promise<ResultOf[K]>((resolve, reject) => {
      const limit = timeoutMs ?? this.options.timeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new HoldfastError(
            'internal',
            `the privileged helper did not answer ${kind} within ${Math.round(limit / 1000)} s`,
          ),
        );
      }, limit);
      this.pending.set(id, { kind, resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket.write(message);
    });
  }

  onEvent(listener: (event: HelperEventMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.socket.end();
    this.shutdown(helperGone());
  }

  private onLine(line: string): void {
    const parsed = parseJsonLine(line);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return;
    const message = parsed.value as Record<string, unknown>;
    if (message.event === 'tunnel' && typeof message.sessionId === 'string') {
      for (const listener of this.eventListeners) listener(message as unknown as HelperEventMessage);
      return;
    }
    const id = typeof message.id === 'number' ? message.id : null;
    const pending = id === null ? undefined : this.pending.get(id);
    if (!pending || id === null) {
      // An error without an id (a line the helper could not read): fail everything, the stream is suspect.
      if (message.ok === false) this.shutdown(toError(message.error as HelperErrorBody, 'request'));
      return;
    }
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (message.ok === true) pending.resolve(message.value);
    else pending.reject(toError(message.error as HelperErrorBody, pending.kind));
  }

  private shutdown(reason: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(reason);
    }
    this.pending.clear();
    this.socket.destroy();
    for (const listener of this.closeListeners) listener();
  }
}

function toError(body: HelperErrorBody | undefined, kind: string): HoldfastError {
  if (!body) return new HoldfastError('internal', `the privileged helper refused ${kind}`);
  if (body.code === 'failed' && body.cause && KNOWN_CAUSES.has(body.cause as HoldfastErrorCode)) {
    return new HoldfastError(body.cause as HoldfastErrorCode, body.message, body.params ?? {});
  }
  return new HoldfastError('internal', `the privileged helper refused ${kind} (${body.code}): ${body.message}`, {
    helperCode: body.code,
  });
}

function helperGone(): HoldfastError {
  return new HoldfastError('not-privileged', 'The privileged helper is not running; reconnect to start it again');
}
