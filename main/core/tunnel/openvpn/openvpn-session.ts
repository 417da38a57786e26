import type { Clock } from '../../clock';
import { HoldfastError, toErrorPayload } from '../../errors';
import type { ChangeJournal } from '../../system/change-journal';
import type { FilePort } from '../../system/file-port';
import type { ProcessExit, ProcessRunner, SpawnedProcess } from '../../system/process-runner';
import type { NegotiatedSecurity, TunnelCredentials, TunnelEvent, TunnelSession, TunnelStatus } from '../driver';
import { probeTargetFromPush, redactLogMessage, type PushReply, type RouteChange } from './log-facts';
import { ManagementClient } from './management-client';
import { parseLogEntry } from './management-parser';
import { connectWithRetry, type ManagementConnector } from './management-socket';
import type { ObserverAction, SessionObserver } from './session-observer';
import { prefixFromMask } from '../../net/ip';

export interface OpenVpnSessionParts {
  interfaceName: string;
  runner: ProcessRunner;
  clock: Clock;
  files: FilePort;
  journal: ChangeJournal;
  process: SpawnedProcess;
  observer: SessionObserver;
  connector: ManagementConnector;
  socketPath: string;
  /** Directories to remove on stop (session directory, socket directory). */
  cleanupPaths: string[];
  /** "host:port" from the profile, shown until OpenVPN reports the address it reached. */
  configuredEndpoint: string;
  credentials?: TunnelCredentials;
  timeouts: { managementMs: number; connectMs: number; stopMs: number; dataChannelGraceMs: number };
  /** Called once on every first CONNECTED: applies pushed DNS. Failures are reported, not fatal. */
  onFirstConnect?: (push: PushReply | undefined) => Promise<void>;
}

const OUTPUT_LINES_KEPT = 20;

/**
 * One running `openvpn` process, driven through its management socket. It answers the hold and the
 * credential prompt, turns management messages into tunnel events, and on stop asks OpenVPN to exit
 * (so it removes its own routes), kills it if it does not, and undoes whatever is left.
 */
export class OpenVpnSession implements TunnelSession {
  readonly interfaceName: string;
  private client: ManagementClient | undefined;
  private readonly listeners = new Set<(event: TunnelEvent) => void>();
  private readonly early: TunnelEvent[] = [];
  private readonly output: string[] = [];
  private readonly readyPromise: Promise<void>;
  private settleReady!: { resolve: () => void; reject: (err: Error) => void };
  private readySettled = false;
  private exited: ProcessExit | undefined;
  private exitEmitted = false;
  private stopping: Promise<void> | undefined;
  private readonly cancelTimers: Array<() => void> = [];
  private readonly journaledRoutes = new Set<string>();

  constructor(private readonly parts: OpenVpnSessionParts) {
    this.interfaceName = parts.interfaceName;
    this.readyPromise = new Promise<void>((resolve, reject) => (this.settleReady = { resolve, reject }));
    // Nobody may be awaiting ready() yet when it fails; the rejection is still observed by callers later.
    this.readyPromise.catch(() => undefined);
    const keep = (chunk: string): void => {
      for (const line of chunk.split(/\r?\n/)) if (line.trim() !== '') this.output.push(redactLogMessage(line));
      this.output.splice(0, Math.max(0, this.output.length - OUTPUT_LINES_KEPT));
    };
    parts.process.onStdout(keep);
    parts.process.onStderr(keep);
    void parts.process.exited.then((exit) => this.onProcessExit(exit));
  }

  /** Connects to the management socket and starts the conversation. Throws when OpenVPN never answers. */
  async attach(): Promise<void> {
    const { connector, socketPath, clock, timeouts } = this.parts;
    let socket;
    try {
      socket = await connectWithRetry(connector, socketPath, {
        clock,
        timeoutMs: timeouts.managementMs,
        intervalMs: 100,
        shouldStop: () => (this.exited ? 'OpenVPN exited before opening its management socket' : undefined),
      });
    } catch (err) {
      // OpenVPN explains option errors on its output before exiting: pass the last lines on.
      const said = this.output.slice(-3).join(' / ');
      throw new Error(`${(err as Error).message}${said ? ` (OpenVPN said: ${said})` : ''}`, { cause: err });
    }
    const client = new ManagementClient(socket);
    this.client = client;
    client.onMessage((message) => this.apply(this.parts.observer.handle(message)));
    client.onClose(() => {
      // The socket closes a moment before the process is reaped when OpenVPN exits: give it that moment.
      void clock.sleep(1000).then(() => {
        if (this.stopping || this.exited) return;
        this.emit({ type: 'log', level: 'error', message: 'Lost the OpenVPN management connection; stopping.' });
        void this.stop();
      });
    });
    this.cancelTimers.push(
      clock.setTimeout(() => {
        if (this.readySettled) return;
        this.failReady(
          new HoldfastError(
            'tunnel-failed',
            `OpenVPN did not connect within ${Math.round(timeouts.connectMs / 1000)} s`,
          ),
        );
      }, timeouts.connectMs),
    );
    // Queued before `hold release` (sent when >HOLD: arrives), so no state or log line is missed.
    await Promise.all([this.send('state on'), this.send('log on'), this.sendHistory(), this.send('bytecount 1')]);
  }

  ready(): Promise<void> {
    return this.readyPromise;
  }

  /** The openvpn process id, for diagnostics. */
  get pid(): number | undefined {
    return this.parts.process.pid;
  }

  /** The negotiated parameters, once known (also sent as a 'negotiated' event). */
  negotiated(): NegotiatedSecurity | undefined {
    return this.parts.observer.security;
  }

  /** DNS servers and search domains the server pushed. */
  pushedDns(): { servers: string[]; searchDomains: string[] } {
    const push = this.parts.observer.push;
    return { servers: push?.dns ?? [], searchDomains: push?.dnsDomains ?? [] };
  }

  async status(): Promise<TunnelStatus> {
    const o = this.parts.observer;
    const endpoint = o.remoteIp
      ? `${o.remoteIp.includes(':') ? `[${o.remoteIp}]` : o.remoteIp}:${o.remotePort}`
      : this.parts.configuredEndpoint;
    const addresses: string[] = [];
    if (o.localIp) {
      const prefix = o.push?.ifconfig ? prefixFromMask(o.push.ifconfig.second) : undefined;
      addresses.push(prefix !== undefined ? `${o.localIp}/${prefix}` : o.localIp);
    }
    if (o.localIpv6)
      addresses.push(o.push?.ifconfigIpv6?.local.includes('/') ? o.push.ifconfigIpv6.local : o.localIpv6);
    return {
      interfaceName: this.interfaceName,
      endpoint,
      tunnelAddresses: addresses,
      rxBytes: o.rxBytes,
      txBytes: o.txBytes,
    };
  }

  probeTarget(): string | undefined {
    const push = this.parts.observer.push;
    return push ? probeTargetFromPush(push) : undefined;
  }

  onEvent(listener: (event: TunnelEvent) => void): () => void {
    this.listeners.add(listener);
    for (const event of this.early.splice(0)) listener(event);
    return () => this.listeners.delete(listener);
  }

  emit(event: TunnelEvent): void {
    if (this.listeners.size === 0) {
      if (this.early.length < 500) this.early.push(event);
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break the session.
      }
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    const { process, timeouts, journal, runner, files } = this.parts;
    for (const cancel of this.cancelTimers.splice(0)) cancel();
    this.failReady(new HoldfastError('tunnel-failed', 'The connection was stopped before it came up.'));
    if (!this.exited) {
      // Through the management interface OpenVPN exits cleanly and removes its routes; a plain signal
      // works too when the socket is gone.
      const client = this.client;
      if (client && !client.closed) {
        // A closed socket means OpenVPN is already on its way out; only a refused command needs the signal.
        client.command('signal SIGTERM').catch(() => {
          if (!client.closed && !this.exited) process.kill('SIGTERM');
        });
      } else {
        process.kill('SIGTERM');
      }
      if (!(await this.waitForExit(timeouts.stopMs))) {
        this.emit({ type: 'log', level: 'warn', message: 'OpenVPN did not exit in time; killing it.' });
        process.kill('SIGKILL');
        await this.waitForExit(2000);
      }
    }
    this.client?.close();
    // Routes OpenVPN added are journaled: after a kill they are still there; after a clean exit deleting
    // them again is harmless. DNS changes are undone here too.
    const failures = await journal.undoAll(runner);
    for (const failure of failures) {
      this.emit({ type: 'log', level: 'warn', message: `Could not undo ${failure.description}: ${failure.error}` });
    }
    for (const dir of this.parts.cleanupPaths) await files.remove(dir).catch(() => undefined);
    this.emitExited('stopped');
  }

  private waitForExit(ms: number): Promise<boolean> {
    if (this.exited) return Promise.resolve(true);
    return Promise.race([
      this.parts.process.exited.then(() => true),
      this.parts.clock.sleep(ms).then(() => this.exited !== undefined),
    ]);
  }

  private onProcessExit(exit: ProcessExit): void {
    this.exited = exit;
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    if (!this.readySettled) {
      const fallback = this.output.at(-1) ?? `OpenVPN exited (${how})`;
      this.failReady(this.parts.observer.failureBeforeConnect(fallback));
    }
    if (!this.stopping) {
      this.emitExited(`OpenVPN exited (${how})`);
      void this.stop();
    }
  }

  private emitExited(reason: string): void {
    if (this.exitEmitted) return;
    this.exitEmitted = true;
    this.emit({ type: 'exited', reason });
  }

  private failReady(error: Error): void {
    if (this.readySettled) return;
    this.readySettled = true;
    this.settleReady.reject(error);
  }

  private apply(actions: ObserverAction[]): void {
    for (const action of actions) {
      switch (action.type) {
        case 'emit':
          if (action.event.type === 'exited') this.exitEmitted = true;
          this.emit(action.event);
          break;
        case 'command':
          void this.send(action.line);
          break;
        case 'release-hold':
          this.cancelTimers.push(
            this.parts.clock.setTimeout(() => {
              if (!this.stopping && !this.exited) void this.send('hold release');
            }, action.afterMs),
          );
          break;
        case 'send-credentials':
          this.sendCredentials(action.realm);
          break;
        case 'await-data-channel':
          this.cancelTimers.push(
            this.parts.clock.setTimeout(
              () => this.apply(this.parts.observer.dataChannelWaitExpired()),
              this.parts.timeouts.dataChannelGraceMs,
            ),
          );
          break;
        case 'route':
          void this.journalRoute(action.change);
          break;
        case 'connected':
          if (action.first) void this.firstConnect();
          break;
        case 'fail':
          this.failReady(action.error);
          void this.stop();
          break;
      }
    }
  }

  private async firstConnect(): Promise<void> {
    try {
      await this.parts.onFirstConnect?.(this.parts.observer.push);
    } catch (err) {
      this.emit({
        type: 'log',
        level: 'warn',
        message: `Could not apply the pushed DNS: ${toErrorPayload(err).message}`,
      });
    }
    if (this.readySettled || this.stopping) return;
    this.readySettled = true;
    this.settleReady.resolve();
  }

  private sendCredentials(realm: string): void {
    const { client } = this;
    const credentials = this.parts.credentials;
    if (!client || !credentials) return;
    client.sendCredentials(realm, credentials.username, credentials.password).catch((err: unknown) => {
      // Never echo the command: it holds the password. The reason alone is safe.
      const error = new HoldfastError(
        'auth-failed',
        `OpenVPN did not accept the credentials: ${toErrorPayload(err).message}`,
      );
      this.emit({ type: 'auth-failed', message: error.message });
      this.failReady(error);
      void this.stop();
    });
  }

  private async journalRoute(change: RouteChange): Promise<void> {
    const family = change.family === 6 ? '-6' : '-4';
    const args = [family, 'route', 'del', change.destination];
    if (change.gateway) args.push('via', change.gateway);
    const key = args.join(' ');
    if (change.op === 'del' || this.journaledRoutes.has(key)) return;
    this.journaledRoutes.add(key);
    await this.parts.journal
      .record(`route ${change.destination} added by OpenVPN`, { kind: 'run', command: 'ip', args })
      .catch(() => undefined);
  }

  private async send(line: string): Promise<void> {
    try {
      await this.client?.command(line);
    } catch (err) {
      if (!this.stopping && !this.exited) {
        this.emit({
          type: 'log',
          level: 'warn',
          message: `OpenVPN refused "${line.split(' ')[0]}": ${toErrorPayload(err).message}`,
        });
      }
    }
  }

  /** Lines logged before the management client connected (startup warnings, option errors). */
  private async sendHistory(): Promise<void> {
    try {
      const reply = await this.client?.command('log all', { multiLine: true });
      for (const line of reply?.lines ?? []) {
        const entry = parseLogEntry(line, true);
        if (entry) this.apply(this.parts.observer.handle(entry));
      }
    } catch {
      // History is a convenience; real-time lines still arrive.
    }
  }
}
