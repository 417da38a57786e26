import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import { HoldfastError } from '../../errors';
import type { KillSwitchPort } from '../../security/killswitch/kill-switch';
import type { TunnelEvent } from '../../tunnel/driver';
import { encodeJsonLine, LineDecoder } from '../../net/ndjson';
import { listenForUser } from './socket-dir';
import {
  HELPER_PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  parseRequest,
  type HelperErrorBody,
  type HelperEventMessage,
  type HelperRequest,
  type KillSwitchStatus,
  type OrphanHelper,
  type ResultOf,
} from './protocol';
import { type TunnelRegistry, UnknownSessionError } from './tunnel-registry';
import type { HelperOwnership } from './helper-ownership';

const MAX_PROBES_IN_FLIGHT = 8;

export interface OrphanControl {
  /** Helpers of the same user left running by an earlier app run (they keep a connection up). */
  list(): Promise<OrphanHelper[]>;
  /** Asks one of those to stop its tunnels and exit; false when it is not one of them. */
  stop(pid: number): Promise<boolean>;
}

export interface HelperServerOptions {
  token: string;
  version: string;
  tunnels: TunnelRegistry;
  killSwitch: KillSwitchPort & { status?(): Promise<KillSwitchStatus> };
  orphans: OrphanControl;
  /** One ICMP echo to `target` (an IP), bound to `interfaceName` when given; true when answered. */
  probe: (target: string, timeoutMs: number, interfaceName?: string) => Promise<boolean>;
  /**
   * The machine's one connection owner: tunnels and the kill switch change only while this helper
   * holds it. Absent: no check (tests of other parts).
   */
  ownership?: HelperOwnership;
  /** How long a connection may stay without a valid hello. */
  helloTimeoutMs?: number;
  maxConnections?: number;
  /** Asked to end the helper process (after `shutdown`, or once the app is gone and no tunnel is up). */
  onExit: (reason: string) => void;
}

/**
 * The helper's side of the socket. The socket file itself is reachable only by the user who started
 * the helper (socket-dir.ts); on top of that a connection must open with `hello` carrying the token
 * that was handed to this helper on its stdin, or it is closed. Every line is checked by parseRequest
 * before anything acts on it.
 */
export class HelperServer {
  private readonly server: net.Server;
  private readonly connections = new Set<net.Socket>();
  private readonly authenticated = new Set<net.Socket>();
  private readonly token: Buffer;
  private appGone = false;
  private exiting = false;
  private probesInFlight = 0;

  constructor(private readonly options: HelperServerOptions) {
    this.token = Buffer.from(options.token, 'utf8');
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.maxConnections = options.maxConnections ?? 8;
    options.tunnels.onChange(() => this.exitIfIdle());
  }

  /** Listens on a 0600 socket owned by `uid` (see socket-dir.ts). */
  listen(socketPath: string, uid: number): Promise<void> {
    return listenForUser(this.server, socketPath, uid);
  }

  /**
   * The app that started us has gone (its end of our stdin closed). Without a tunnel there is nothing
   * to keep: exit. With one, stay and keep it up; the next app start finds this helper as an orphan.
   */
  markAppGone(): void {
    this.appGone = true;
    this.exitIfIdle();
  }

  get isOrphaned(): boolean {
    return this.appGone;
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private exitIfIdle(): void {
    if (this.appGone && this.options.tunnels.size === 0) this.exit('the app has gone and no tunnel is up');
  }

  private exit(reason: string): void {
    if (this.exiting) return;
    this.exiting = true;
    this.options.onExit(reason);
  }

  private accept(socket: net.Socket): void {
    this.connections.add(socket);
    const helloTimer = setTimeout(() => {
      if (!this.authenticated.has(socket)) this.fail(socket, null, 'not-authenticated', 'no hello in time', true);
    }, this.options.helloTimeoutMs ?? 5000);
    const decoder = new LineDecoder(
      MAX_MESSAGE_BYTES,
      (line) => void this.onLine(socket, line, decoder),
      () => this.fail(socket, null, 'bad-message', `a message is larger than ${MAX_MESSAGE_BYTES} bytes`, true),
    );
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      clearTimeout(helloTimer);
      decoder.stop();
      this.connections.delete(socket);
      this.authenticated.delete(socket);
    });
  }

  private async onLine(socket: net.Socket, line: string, decoder: LineDecoder): Promise<void> {
    const parsed = parseRequest(line);
    const authed = this.authenticated.has(socket);
    if (!parsed.ok) {
      // Before a valid hello, any mistake ends the connection: the peer has shown nothing yet.
      if (!authed) decoder.stop();
      this.fail(socket, parsed.id, parsed.code, parsed.message, !authed);
      return;
    }
    const request = parsed.request;
    if (!authed) {
      if (request.kind !== 'hello' || !this.tokenMatches(request.token)) {
        decoder.stop();
        this.fail(
          socket,
          request.id,
          'not-authenticated',
          'the first request must be hello with the right token',
          true,
        );
        return;
      }
      this.authenticated.add(socket);
    }
    try {
      const value = await this.handle(request);
      this.send(socket, { v: HELPER_PROTOCOL_VERSION, id: request.id, ok: true, value });
    } catch (err) {
      const body = errorBody(err);
      this.fail(socket, request.id, body.code, body.message, false, body);
    }
  }

  private async handle(request: HelperRequest): Promise<ResultOf[HelperRequest['kind']]> {
    const { tunnels, killSwitch } = this.options;
    switch (request.kind) {
      case 'hello':
        return {
          protocolVersion: HELPER_PROTOCOL_VERSION,
          helperVersion: this.options.version,
          pid: process.pid,
          orphans: await this.options.orphans.list(),
        };
      case 'tunnel.start': {
        const started = await this.asOwner(
          () => tunnels.start(request, (sessionId, event) => this.broadcast(sessionId, event)),
          // Came up after a take-over began: the hand-over must not leave it behind.
          (late) => tunnels.stop(late.sessionId),
        );
        this.options.ownership?.setServer(request.profile.name);
        return started;
      }
      case 'tunnel.ready':
        await tunnels.ready(request.sessionId);
        return { ready: true };
      case 'tunnel.status':
        return tunnels.status(request.sessionId);
      case 'tunnel.stop':
        await tunnels.stop(request.sessionId);
        return { stopped: true };
      case 'tunnel.probe':
        return { answered: await this.probe(request.target, request.timeoutMs, request.interfaceName) };
      case 'killswitch.apply':
        await this.asOwner(() => killSwitch.apply(request.policy));
        return { active: true };
      case 'killswitch.clear':
        // After a take-over the rules are the new owner's: left in place for it to replace without a gap.
        if ((await this.options.ownership?.clearDecision()) !== 'leave') await killSwitch.clear();
        return { active: false };
      case 'killswitch.status':
        return killSwitch.status ? killSwitch.status() : { active: await killSwitch.isActive() };
      case 'owner.claim':
        await this.options.ownership?.claim(request.client, request.takeOver);
        return { claimed: true };
      case 'owner.release':
        await this.options.ownership?.release();
        return { released: true };
      case 'orphans.stop':
        return { stopped: await this.options.orphans.stop(request.pid) };
      case 'shutdown':
        // Answer first, then stop: the app waits for the answer, not for the socket to close.
        setImmediate(() => {
          void tunnels.stopAll().finally(() => this.exit('the app asked the helper to stop'));
        });
        return { stopping: true };
    }
  }

  /** A change to the machine's connection, made only while this helper's session owns it. */
  private asOwner<T>(run: () => Promise<T>, undo?: (value: T) => Promise<void>): Promise<T> {
    const ownership = this.options.ownership;
    return ownership ? ownership.change(run, undo) : run();
  }

  /**
   * Another session took the machine's connection over: our tunnels stop (their apps hear that they
   * exited, and why) and the kill switch stays for the new owner.
   */
  async handOver(reason: string): Promise<void> {
    for (const sessionId of this.options.tunnels.sessionIds()) this.broadcast(sessionId, { type: 'exited', reason });
    await this.options.tunnels.stopAll();
  }

  /**
   * Probing is about tunnels: only through an interface this helper created, or (without one) while it
   * has a tunnel up. A bounded number at a time, so a misbehaving app cannot make root spawn pings
   * without limit.
   */
  private async probe(target: string, timeoutMs: number, interfaceName: string | undefined): Promise<boolean> {
    const ours = this.options.tunnels.interfaceNames();
    if (interfaceName !== undefined && !ours.includes(interfaceName)) {
      throw new HoldfastError('invalid-request', `${interfaceName} is not a tunnel this helper started`);
    }
    if (ours.length === 0) throw new HoldfastError('invalid-request', 'no tunnel is up to probe through');
    if (this.probesInFlight >= MAX_PROBES_IN_FLIGHT) {
      throw new HoldfastError('invalid-request', `more than ${MAX_PROBES_IN_FLIGHT} probes at once`);
    }
    this.probesInFlight += 1;
    try {
      return await this.options.probe(target, timeoutMs, interfaceName);
    } finally {
      this.probesInFlight -= 1;
    }
  }

  private tokenMatches(candidate: string): boolean {
    const given = Buffer.from(candidate, 'utf8');
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  private broadcast(sessionId: string, payload: TunnelEvent): void {
    const message: HelperEventMessage = { v: HELPER_PROTOCOL_VERSION, event: 'tunnel', sessionId, payload };
    for (const socket of this.authenticated) this.send(socket, message);
  }

  private fail(
    socket: net.Socket,
    id: number | null,
    code: HelperErrorBody['code'],
    message: string,
    close: boolean,
    body?: HelperErrorBody,
  ): void {
    this.send(socket, { v: HELPER_PROTOCOL_VERSION, id, ok: false, error: body ?? { code, message } });
    if (close) socket.end();
  }

  private send(socket: net.Socket, message: unknown): void {
    if (!socket.destroyed && socket.writable) socket.write(encodeJsonLine(message));
  }
}

function errorBody(err: unknown): HelperErrorBody {
  if (err instanceof UnknownSessionError) return { code: 'unknown-session', message: err.message };
  if (err instanceof HoldfastError) {
    return {
      code: 'failed',
      message: err.message,
      cause: err.code,
      ...(Object.keys(err.params).length ? { params: err.params } : {}),
    };
  }
  // Unexpected errors may carry paths or command output; the message is kept, never a stack.
  return { code: 'failed', message: err instanceof Error ? err.message : String(err), cause: 'internal' };
}
