/**
 * The OpenVPN management protocol, line by line. Lines end in CRLF (LF alone is accepted), arrive split
 * across reads in any place, and real-time notifications (">NAME:...") may come between any two lines.
 * The one thing that ends without a newline is the management password prompt ("ENTER PASSWORD:").
 */
export interface StateMessage {
  kind: 'state';
  time: number;
  /** CONNECTING, WAIT, AUTH, GET_CONFIG, ASSIGN_IP, ADD_ROUTES, CONNECTED, RECONNECTING, EXITING, ... */
  name: string;
  /** CONNECTED: SUCCESS / ERROR / ROUTE_ERROR; RECONNECTING/EXITING: the signal reason (ping-restart, auth-failure). */
  description: string;
  localIp: string;
  remoteIp: string;
  remotePort: string;
  localAddress: string;
  localPort: string;
  localIpv6: string;
}

export interface LogMessage {
  kind: 'log';
  time: number;
  /** I info, F fatal, N non-fatal error, W warning, D debug, or empty. */
  flags: string;
  message: string;
  /** True for lines of a `log all` history dump rather than real-time `>LOG:` notifications. */
  history: boolean;
}

export type PasswordMessage =
  | { kind: 'password'; event: 'need'; realm: string; what: string; staticChallenge?: string }
  | { kind: 'password'; event: 'verification-failed'; realm: string; challenge?: string }
  | { kind: 'password'; event: 'auth-token' }
  | { kind: 'password'; event: 'other'; text: string };

export type ManagementMessage =
  | StateMessage
  | { kind: 'bytecount'; rx: number; tx: number }
  | LogMessage
  | PasswordMessage
  | { kind: 'hold'; message: string; holdTime: number }
  | { kind: 'fatal'; message: string }
  | { kind: 'notify'; severity: string; type: string; message: string }
  | { kind: 'info'; message: string }
  | { kind: 'notification'; name: string; payload: string }
  | { kind: 'success'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'end' }
  | { kind: 'line'; text: string }
  | { kind: 'management-password-prompt' };

/** Splits "a,b,c" into at most `count` fields; the last keeps any further commas. */
function splitFields(text: string, count: number): string[] {
  const fields: string[] = [];
  let rest = text;
  while (fields.length < count - 1) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    fields.push(rest.slice(0, comma));
    rest = rest.slice(comma + 1);
  }
  fields.push(rest);
  return fields;
}

function toInt(text: string | undefined): number {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isFinite(n) ? n : 0;
}

function parseState(payload: string): StateMessage {
  const f = splitFields(payload, 9);
  return {
    kind: 'state',
    time: toInt(f[0]),
    name: f[1] ?? '',
    description: f[2] ?? '',
    localIp: f[3] ?? '',
    remoteIp: f[4] ?? '',
    remotePort: f[5] ?? '',
    localAddress: f[6] ?? '',
    localPort: f[7] ?? '',
    localIpv6: f[8] ?? '',
  };
}

/** "time,flags,message" as used by `>LOG:` and by history dumps. */
export function parseLogEntry(payload: string, history: boolean): LogMessage | undefined {
  const f = splitFields(payload, 3);
  if (f.length < 3 || !/^\d+$/.test(f[0] ?? '')) return undefined;
  return { kind: 'log', time: toInt(f[0]), flags: f[1] ?? '', message: f[2] ?? '', history };
}

function parsePassword(payload: string): PasswordMessage {
  // Need 'Auth' username/password [SC:<echo>,<challenge>]
  const need = /^Need '([^']*)' (username\/password|password|\S+)(?: SC:(.*))?/.exec(payload);
  if (need) {
    const message: PasswordMessage = { kind: 'password', event: 'need', realm: need[1] ?? '', what: need[2] ?? '' };
    if (need[3] !== undefined) message.staticChallenge = need[3];
    return message;
  }
  // Verification Failed: 'Auth' ['CRV1:...']
  const failed = /^Verification Failed: '([^']*)'(?: \['(.*)'\])?/.exec(payload);
  if (failed) {
    const message: PasswordMessage = { kind: 'password', event: 'verification-failed', realm: failed[1] ?? '' };
    if (failed[2] !== undefined) message.challenge = failed[2];
    return message;
  }
  // The token itself is a credential: keep only that one arrived.
  if (payload.startsWith('Auth-Token:')) return { kind: 'password', event: 'auth-token' };
  return { kind: 'password', event: 'other', text: payload };
}

function parseNotification(name: string, payload: string): ManagementMessage {
  switch (name) {
    case 'STATE':
      return parseState(payload);
    case 'BYTECOUNT': {
      const [rx, tx] = splitFields(payload, 2);
      return { kind: 'bytecount', rx: toInt(rx), tx: toInt(tx) };
    }
    case 'LOG':
      return parseLogEntry(payload, false) ?? { kind: 'notification', name, payload };
    case 'PASSWORD':
      return parsePassword(payload);
    case 'HOLD': {
      const m = /^(.*?)(?::(\d+))?$/.exec(payload);
      return { kind: 'hold', message: m?.[1] ?? payload, holdTime: toInt(m?.[2]) };
    }
    case 'FATAL':
      return { kind: 'fatal', message: payload };
    case 'NOTIFY': {
      const [severity, type, message] = splitFields(payload, 3);
      return { kind: 'notify', severity: severity ?? '', type: type ?? '', message: message ?? '' };
    }
    case 'INFO':
      return { kind: 'info', message: payload };
    default:
      return { kind: 'notification', name, payload };
  }
}

/** Classifies one complete line (without its line ending). */
export function parseManagementLine(line: string): ManagementMessage {
  if (line.startsWith('>')) {
    const colon = line.indexOf(':');
    if (colon > 1) return parseNotification(line.slice(1, colon), line.slice(colon + 1));
    return { kind: 'notification', name: line.slice(1), payload: '' };
  }
  if (line.startsWith('SUCCESS:')) return { kind: 'success', message: line.slice(8).trim() };
  if (line.startsWith('ERROR:')) return { kind: 'error', message: line.slice(6).trim() };
  if (line === 'END') return { kind: 'end' };
  return { kind: 'line', text: line };
}

const PASSWORD_PROMPT = 'ENTER PASSWORD:';
/** A line longer than this is garbage (OpenVPN lines are far shorter); drop it rather than grow forever. */
const MAX_LINE = 64 * 1024;

/** Turns a byte stream into messages, however it is split. Feed it chunks; it returns whole messages. */
export class ManagementLineParser {
  private buffer = '';
  private discarding = false;

  feed(chunk: string): ManagementMessage[] {
    const text = this.buffer + chunk;
    const messages: ManagementMessage[] = [];
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline >= 0) {
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (this.discarding) {
        this.discarding = false;
      } else if (end > start) {
        messages.push(parseManagementLine(text.slice(start, end)));
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.buffer = text.slice(start);
    if (this.buffer === PASSWORD_PROMPT) {
      this.buffer = '';
      messages.push({ kind: 'management-password-prompt' });
    } else if (this.buffer.length > MAX_LINE) {
      this.buffer = '';
      this.discarding = true;
    }
    return messages;
  }
}
