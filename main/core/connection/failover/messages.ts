/**
 * Every sentence failover shows has a stable code and params, so the renderer translates by code and falls
 * back to the English `text` made here. Params are names, labels and numbers only; never a secret.
 */
export type FailoverMessageCode =
  | 'failover.trying'
  | 'failover.waiting-cooldown'
  | 'failover.waiting-network'
  | 'failover.needs-user'
  | 'failover.no-usable-server'
  | 'failover.switched'
  | 'failover.reconnected'
  | 'failover.connected'
  | 'failover.unreachable'
  | 'failover.restored'
  | 'failover.returned'
  | 'failover.sensitivity';

export type MessageParams = Record<string, string | number>;

export interface FailoverMessage {
  code: FailoverMessageCode;
  params: MessageParams;
  text: string;
}

/** How the trouble was noticed; the English text picks its verb from it ("stopped answering"). */
export type DetectionKind =
  | 'no-answer'
  | 'handshake-stale'
  | 'server-unreachable'
  | 'tunnel-exited'
  | 'server-dropped'
  | 'connect-failed'
  | 'landing-failed'
  | 'other';

const WHAT_HAPPENED: Record<DetectionKind, string> = {
  'no-answer': 'stopped answering',
  'handshake-stale': 'stopped answering',
  'server-unreachable': 'stopped answering',
  'tunnel-exited': 'dropped the connection',
  'server-dropped': 'dropped the connection',
  'connect-failed': 'could not be reached',
  'landing-failed': 'could not be reached',
  other: 'stopped working',
};

/** "3.1" below ten seconds, whole seconds above: precise where it matters, calm where it does not. */
export function seconds(ms: number): number {
  const s = Math.max(0, ms) / 1000;
  return s < 10 ? Math.round(s * 10) / 10 : Math.round(s);
}

function p(params: MessageParams, name: string): string {
  const value = params[name];
  // Seconds below ten keep their tenth ("3.0 s", not "3 s") so the figures in one list line up.
  if (typeof value === 'number' && /seconds$/i.test(name) && value < 10) return value.toFixed(1);
  return String(value ?? '');
}

const TEMPLATES: Record<FailoverMessageCode, (params: MessageParams) => string> = {
  'failover.trying': (x) => `trying ${p(x, 'targets')}`,
  'failover.waiting-cooldown': (x) => `every server is cooling down; next try in ${p(x, 'secondsLeft')} s`,
  'failover.waiting-network': (x) =>
    `every server failed at once, so the local network looks down; next try in ${p(x, 'secondsLeft')} s or when the network changes`,
  'failover.needs-user': (x) =>
    `${p(x, 'server')}: ${p(x, 'detail')}. Holdfast does not switch servers over this; it needs you`,
  'failover.no-usable-server': (x) => `no server can be used: ${p(x, 'detail')}`,
  'failover.switched': (x) =>
    `${p(x, 'from')} ${WHAT_HAPPENED[(x.detectedBy as DetectionKind) ?? 'other'] ?? WHAT_HAPPENED.other}; ` +
    `reconnected through ${p(x, 'to')} over ${p(x, 'transport')} in ${p(x, 'seconds')} s`,
  'failover.connected': (x) =>
    `${p(x, 'from')} ${WHAT_HAPPENED[(x.detectedBy as DetectionKind) ?? 'other'] ?? WHAT_HAPPENED.other}; ` +
    `connected through ${p(x, 'to')} over ${p(x, 'transport')} in ${p(x, 'seconds')} s`,
  'failover.reconnected': (x) =>
    `${p(x, 'from')} ${WHAT_HAPPENED[(x.detectedBy as DetectionKind) ?? 'other'] ?? WHAT_HAPPENED.other}; ` +
    `reconnected over ${p(x, 'transport')} in ${p(x, 'seconds')} s`,
  'failover.unreachable': () => 'No server is reachable. Holdfast keeps trying; traffic stays blocked.',
  'failover.restored': (x) =>
    `Connection restored through ${p(x, 'to')} over ${p(x, 'transport')} after ${p(x, 'seconds')} s.`,
  'failover.returned': (x) => `Back on ${p(x, 'to')}, your preferred server, over ${p(x, 'transport')}.`,
  'failover.sensitivity': (x) =>
    `notices a dead server about ${p(x, 'busySeconds')} s after traffic stops answering, ` +
    `${p(x, 'idleSeconds')} s when idle; gives each new server ${p(x, 'attemptSeconds')} s to answer`,
};

export function failoverMessage(code: FailoverMessageCode, params: MessageParams = {}): FailoverMessage {
  return { code, params, text: TEMPLATES[code](params) };
}
