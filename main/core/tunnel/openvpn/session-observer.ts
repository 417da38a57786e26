import { HoldfastError } from '../../errors';
import type { NegotiatedSecurity, TunnelEvent } from '../driver';
import {
  parseControlChannelLine,
  parseDataChannelLine,
  parsePushReply,
  parseRouteChange,
  redactLogMessage,
  type ControlChannelFacts,
  type DataChannelFacts,
  type PushReply,
  type RouteChange,
} from './log-facts';
import type { LogMessage, ManagementMessage, PasswordMessage, StateMessage } from './management-parser';

/** What the session must do in response to a management message. Keeps this class free of I/O. */
export type ObserverAction =
  | { type: 'emit'; event: TunnelEvent }
  /** The tunnel is up and the negotiation is known (every CONNECTED; `first` for the initial one). */
  | { type: 'connected'; first: boolean }
  /** Connecting failed before the tunnel was ever up: reject ready() and stop. */
  | { type: 'fail'; error: HoldfastError }
  | { type: 'command'; line: string }
  /** OpenVPN restarted itself after the tunnel was up and waits in its hold: release it after `afterMs`. */
  | { type: 'release-hold'; afterMs: number }
  | { type: 'send-credentials'; realm: string }
  /** CONNECTED arrived before the "Data Channel:" line: wait briefly for it. */
  | { type: 'await-data-channel' }
  | { type: 'route'; change: RouteChange };

export type ObserverPhase = 'starting' | 'connected' | 'reconnecting' | 'exited';

export interface ObserverOptions {
  tlsWrap: NegotiatedSecurity['tlsWrap'];
  hasCredentials: boolean;
}

function levelOf(flags: string): 'info' | 'warn' | 'error' {
  if (flags.includes('F') || flags.includes('N')) return 'error';
  if (flags.includes('W')) return 'warn';
  return 'info';
}

/**
 * Follows one OpenVPN process through its management messages: state, counters, what was negotiated
 * (from the log), what the server pushed, which routes OpenVPN added, and when to answer prompts.
 */
export class SessionObserver {
  phase: ObserverPhase = 'starting';
  rxBytes = 0;
  txBytes = 0;
  localIp = '';
  localIpv6 = '';
  remoteIp = '';
  remotePort = '';
  push: PushReply | undefined;
  /** The last fatal or error line, for telling the user why connecting failed. */
  lastProblem: string | undefined;
  private control: ControlChannelFacts = {};
  private data: DataChannelFacts = {};
  private dataSeenThisCycle = false;
  private awaitingData = false;
  private everConnected = false;
  private failed = false;
  private authFailed = false;
  /** The text after AUTH_FAILED, when the server gave one ("Data channel cipher negotiation failed ..."). */
  private serverAuthReason: string | undefined;
  /** Why the connect failed, once known: returned by failureBeforeConnect. */
  private knownFailure: HoldfastError | undefined;
  private lastNegotiated: string | undefined;
  /** Holds seen: the first is the start; every later one is OpenVPN restarting itself. */
  private holds = 0;
  /** Why OpenVPN last restarted itself (RECONNECTING's reason: connection-failed, tls-error, ...). */
  private restartReason: string | undefined;

  constructor(private readonly options: ObserverOptions) {}

  get security(): NegotiatedSecurity | undefined {
    if (!this.control.controlTlsVersion && !this.data.dataCipher) return undefined;
    return { protocol: 'openvpn', ...this.control, ...this.data, tlsWrap: this.options.tlsWrap };
  }

  get isConnected(): boolean {
    return this.phase === 'connected' && !this.awaitingData;
  }

  handle(message: ManagementMessage): ObserverAction[] {
    switch (message.kind) {
      case 'state':
        return this.onState(message);
      case 'bytecount':
        this.rxBytes = message.rx;
        this.txBytes = message.tx;
        return [];
      case 'log':
        return this.onLog(message);
      case 'password':
        return this.onPassword(message);
      case 'hold':
        return this.onHold(message.holdTime);
      case 'fatal':
        this.lastProblem = message.message;
        return [this.log('error', message.message)];
      case 'notify':
        return [this.log('info', `Server notice: ${message.type} ${message.message}`.trim())];
      default:
        return [];
    }
  }

  /**
   * With `management-hold` OpenVPN stops in a hold at start and again after every restart of its own (a refused
   * TCP connect, a TLS error, a push it cannot apply, ping-restart), and goes on only when told. Releasing every
   * hold at once turned a server that always fails the same way into hundreds of handshakes a second. So:
   * the first hold is the start and is released; a restart before the tunnel was ever up ends the attempt (the
   * failover engine decides when to try again, with its back-off); a restart after the tunnel was up is
   * released only after the pause OpenVPN itself would have taken (`holdTime`, growing with `connect-retry`),
   * at least a second.
   */
  private onHold(holdTime: number): ObserverAction[] {
    if (this.phase === 'exited') return [];
    this.holds += 1;
    if (this.holds === 1) return [{ type: 'command', line: 'hold release' }];
    if (!this.everConnected) {
      const why = this.restartReason ?? 'restart';
      return this.fail(this.failureBeforeConnect(`OpenVPN gave up on this try (${why})`));
    }
    return [{ type: 'release-hold', afterMs: Math.max(1, holdTime) * 1000 }];
  }

  /** The "Data Channel:" line did not follow CONNECTED in time: go on with what is known. */
  dataChannelWaitExpired(): ObserverAction[] {
    return this.awaitingData ? this.finishConnect() : [];
  }

  /** Builds the error for a process that ended (or a session that gave up) before connecting. */
  failureBeforeConnect(fallback: string): HoldfastError {
    if (this.knownFailure) return this.knownFailure;
    const detail = this.lastProblem ? redactLogMessage(this.lastProblem) : fallback;
    return new HoldfastError('tunnel-failed', `OpenVPN could not connect: ${detail}`, { detail });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): ObserverAction {
    return { type: 'emit', event: { type: 'log', level, message: redactLogMessage(message) } };
  }

  private fail(error: HoldfastError): ObserverAction[] {
    this.knownFailure ??= error;
    if (this.failed || this.everConnected) return [];
    this.failed = true;
    return [{ type: 'fail', error }];
  }

  private onState(state: StateMessage): ObserverAction[] {
    switch (state.name) {
      case 'CONNECTED':
        return this.onConnected(state);
      case 'RECONNECTING': {
        const reason = state.description || 'restart';
        this.restartReason = reason;
        const wasUp = this.phase === 'connected';
        this.phase = 'reconnecting';
        this.dataSeenThisCycle = false;
        this.awaitingData = false;
        if (wasUp || this.everConnected) return [{ type: 'emit', event: { type: 'reconnecting', reason } }];
        return [this.log('info', `OpenVPN is retrying (${reason})`)];
      }
      case 'EXITING': {
        const reason = state.description || 'exiting';
        this.phase = 'exited';
        const actions: ObserverAction[] = [];
        if (reason === 'auth-failure' && !this.authFailed && !this.knownFailure) actions.push(...this.authFailure());
        actions.push(...this.fail(this.failureBeforeConnect(`OpenVPN exited (${reason})`)));
        actions.push({ type: 'emit', event: { type: 'exited', reason } });
        return actions;
      }
      default:
        return [];
    }
  }

  private onConnected(state: StateMessage): ObserverAction[] {
    this.localIp = state.localIp;
    this.localIpv6 = state.localIpv6;
    this.remoteIp = state.remoteIp;
    this.remotePort = state.remotePort;
    this.phase = 'connected';
    const actions: ObserverAction[] = [];
    if (state.description !== 'SUCCESS') {
      const detail = this.lastProblem ? `: ${redactLogMessage(this.lastProblem)}` : '';
      const message = `OpenVPN connected with errors (${state.description})${detail}`;
      if (!this.everConnected)
        return this.fail(new HoldfastError('tunnel-failed', message, { detail: state.description }));
      actions.push(this.log('error', message));
    }
    if (this.dataSeenThisCycle) return [...actions, ...this.finishConnect()];
    this.awaitingData = true;
    return [...actions, { type: 'await-data-channel' }];
  }

  private finishConnect(): ObserverAction[] {
    this.awaitingData = false;
    const actions: ObserverAction[] = [];
    const security = this.security;
    const key = JSON.stringify(security ?? null);
    if (security && key !== this.lastNegotiated) {
      this.lastNegotiated = key;
      actions.push({ type: 'emit', event: { type: 'negotiated', security } });
    }
    actions.push({ type: 'emit', event: { type: 'up' } });
    const first = !this.everConnected;
    this.everConnected = true;
    actions.push({ type: 'connected', first });
    return actions;
  }

  private onLog(entry: LogMessage): ObserverAction[] {
    const text = entry.message;
    const actions: ObserverAction[] = [];
    const control = parseControlChannelLine(text);
    if (control) this.control = control;
    const data = parseDataChannelLine(text);
    if (data) {
      this.data = { ...this.data, ...data };
      this.dataSeenThisCycle = true;
    }
    const refused = /^AUTH: Received control message: AUTH_FAILED(?:,(.*))?$/.exec(text);
    if (refused) this.serverAuthReason = refused[1]?.trim() ?? '';
    const pushRefused = refusedPush(text);
    if (pushRefused) {
      this.knownFailure ??= pushRefused;
      this.lastProblem = text;
    }
    const push = parsePushReply(text);
    if (push) this.push = push;
    const route = parseRouteChange(text);
    if (route) actions.push({ type: 'route', change: route });
    if (/[FN]/.test(entry.flags) || /^(ERROR|Options error|Exiting due to fatal error)/.test(text)) {
      this.lastProblem = text;
    }
    const isNoise = entry.flags.includes('D') || text.startsWith('MANAGEMENT:');
    if (!isNoise) actions.push(this.log(levelOf(entry.flags), text));
    // A renegotiation after the tunnel is up may change the parameters: report the change.
    if ((control || data) && this.isConnected && this.everConnected) {
      const security = this.security;
      const key = JSON.stringify(security ?? null);
      if (security && key !== this.lastNegotiated) {
        this.lastNegotiated = key;
        actions.push({ type: 'emit', event: { type: 'negotiated', security } });
      }
    }
    if (data && this.awaitingData) actions.push(...this.finishConnect());
    return actions;
  }

  private authFailure(challenge?: string): ObserverAction[] {
    const said = this.serverAuthReason;
    // AUTH_FAILED also reports refusals that no password fixes: no shared cipher, a temporary failure.
    // Those are connection failures (failover may try elsewhere), not a reason to ask the user.
    if (said && (/cipher/i.test(said) || said.startsWith('TEMP'))) {
      const message = `The server refused the connection: ${said}`;
      return [this.log('error', message), ...this.fail(new HoldfastError('tunnel-failed', message, { detail: said }))];
    }
    this.authFailed = true;
    let message = 'The server rejected the username or password.';
    if (challenge?.startsWith('CRV1'))
      message = 'The server asks for a one-time code, which Holdfast cannot answer yet.';
    else if (said) message = `The server rejected the username or password (${said}).`;
    const actions: ObserverAction[] = [{ type: 'emit', event: { type: 'auth-failed', message } }];
    return [...actions, ...this.fail(new HoldfastError('auth-failed', message))];
  }

  private onPassword(message: PasswordMessage): ObserverAction[] {
    if (message.event === 'verification-failed') return this.authFailure(message.challenge);
    if (message.event !== 'need') return [];
    if (message.realm !== 'Auth') {
      const error = new HoldfastError(
        'tunnel-failed',
        `OpenVPN asks for the ${message.realm} password, which Holdfast cannot provide.`,
        { realm: message.realm },
      );
      return [this.log('error', error.message), ...this.failOrStop(error)];
    }
    if (this.authFailed) return [];
    if (message.staticChallenge !== undefined) {
      return this.failOrStop(
        new HoldfastError(
          'credentials-needed',
          'This server asks for a one-time code with the password, which Holdfast cannot send yet.',
        ),
      );
    }
    if (!this.options.hasCredentials) {
      return this.failOrStop(new HoldfastError('credentials-needed', 'This profile needs a username and password.'));
    }
    return [{ type: 'send-credentials', realm: message.realm }];
  }

  /** Before the first connect a failure rejects ready(); afterwards OpenVPN is told to stop. */
  private failOrStop(error: HoldfastError): ObserverAction[] {
    if (!this.everConnected) return this.fail(error);
    return [
      { type: 'emit', event: { type: 'auth-failed', message: error.message } },
      { type: 'command', line: 'signal SIGTERM' },
    ];
  }
}

/** What the user is told when the server insists on compression (OpenVPN refuses the push and restarts). */
export const COMPRESSION_REFUSED =
  'The server insists on compression, which Holdfast refuses because it leaks what you send; ' +
  'ask the provider to turn it off, or use another profile.';

/**
 * OpenVPN's words for a pushed option it will not apply. Compression (`comp-lzo`, `compress lz4`) is refused
 * by `allow-compression no`, OpenVPN 2.6's default, which Holdfast keeps: compressing before encrypting lets
 * an observer learn what was sent from the packet sizes (VORACLE).
 */
function refusedPush(text: string): HoldfastError | undefined {
  if (/server pushed compression settings that are not allowed/i.test(text)) {
    return new HoldfastError('server-push-refused', COMPRESSION_REFUSED, { option: 'compression' });
  }
  return undefined;
}
