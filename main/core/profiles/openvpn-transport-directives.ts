import { argCount, keep, type DirectiveHandler, type InterpretScope } from './openvpn-directive-handler';
import type { ConnectionDraft, DirectiveContext, OpenVpnDraft } from './openvpn-draft';
import { CLASS_REASONS, PROXY_AUTH_REASON } from './openvpn-reasons';
import type { RawConnection, RawDirective } from './openvpn-reader';
import { isHost, parsePort } from './net-syntax';
import type { OpenVpnDirective, OpenVpnProto } from './types';

const DEFAULT_PORT = 1194;
const DEFAULT_PROTO: OpenVpnProto = 'udp';

/**
 * How the tunnel reaches the server: remotes with their port and protocol, the tunnel device, proxies, and
 * `<connection>` groups. A remote's missing port or protocol is resolved the way OpenVPN does.
 */
export const TRANSPORT_DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  remote,
  proto: (d, ctx, scope) => {
    if (!argCount(scope, d, 1, 1, ctx)) return;
    const proto = parseProto(scope, d, d.args[0] ?? '', ctx);
    if (!proto) return;
    if (ctx.connection) ctx.connection.proto = proto;
    else scope.draft.globalProto = proto;
  },
  port,
  rport: port,
  dev,
  'dev-type': (d, ctx, scope) => {
    if (!argCount(scope, d, 1, 1, ctx)) return;
    const type = d.args[0];
    if (type !== 'tun' && type !== 'tap') return scope.report.refuse(d, 'bad-arguments', 'must be `tun` or `tap`', ctx);
    scope.draft.devType = type;
  },
  'http-proxy': proxy,
  'socks-proxy': proxy,
  mode: (d, ctx, scope) => {
    if (!argCount(scope, d, 1, 1, ctx)) return;
    if (d.args[0] === 'p2p') {
      return scope.report.warn(d, 'owned-by-holdfast', 'is the default for a client, so it was left out', ctx);
    }
    return scope.report.refuse(d, 'server-only', CLASS_REASONS['server-only'], ctx);
  },
};

/** A `<connection>` block: its one remote takes the block's port and protocol, else the globals seen so far. */
export function interpretConnection(c: RawConnection, scope: InterpretScope): void {
  const { draft, report } = scope;
  const conn: ConnectionDraft = { line: c.line, remotes: [], options: [] };
  const snapshot = { proto: draft.globalProto, port: draft.globalPort };
  for (const d of c.directives) scope.directive(d, { connection: conn });
  if (conn.remotes.length === 0) {
    report.errorAt('no-remote', 'This `<connection>` block has no `remote` line.', {
      line: c.line,
      directive: 'connection',
    });
    return;
  }
  if (conn.remotes.length > 1) {
    report.errorAt('syntax', 'A `<connection>` block holds one `remote`; this one has several.', {
      line: c.line,
      directive: 'connection',
    });
    return;
  }
  const remote = conn.remotes[0];
  if (!remote) return;
  remote.port = remote.port ?? conn.port ?? snapshot.port ?? DEFAULT_PORT;
  remote.proto = remote.proto ?? conn.proto ?? snapshot.proto ?? DEFAULT_PROTO;
  remote.options = conn.options;
  draft.remotes.push(remote);
}

/** Plain `remote` lines take the final global `proto`/`port`, as OpenVPN does. */
export function resolvePlainRemotes(draft: OpenVpnDraft): void {
  for (const remote of draft.remotes) {
    if (remote.fromConnection) continue;
    remote.port = remote.port ?? draft.globalPort ?? DEFAULT_PORT;
    remote.proto = remote.proto ?? draft.globalProto ?? DEFAULT_PROTO;
  }
}

function remote(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  if (!argCount(scope, d, 1, 3, ctx)) return;
  const [host = '', portText, protoText] = d.args;
  if (!isHost(host)) return scope.report.refuse(d, 'invalid-host', 'does not name a valid host name or address', ctx);
  let port: number | undefined;
  if (portText !== undefined) {
    port = parsePort(portText);
    if (port === undefined) return scope.report.refuse(d, 'invalid-port', 'needs a port between 1 and 65535', ctx);
  }
  let proto: OpenVpnProto | undefined;
  if (protoText !== undefined) {
    proto = parseProto(scope, d, protoText, ctx);
    if (!proto) return;
  }
  const entry = { host, port, proto, line: d.line, options: [], fromConnection: Boolean(ctx.connection) };
  if (ctx.connection) ctx.connection.remotes.push(entry);
  else scope.draft.remotes.push(entry);
}

function port(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  if (!argCount(scope, d, 1, 1, ctx)) return;
  const value = parsePort(d.args[0] ?? '');
  if (value === undefined) return scope.report.refuse(d, 'invalid-port', 'needs a port between 1 and 65535', ctx);
  if (ctx.connection) ctx.connection.port = value;
  else scope.draft.globalPort = value;
}

function parseProto(
  scope: InterpretScope,
  d: RawDirective,
  value: string,
  ctx: DirectiveContext,
): OpenVpnProto | undefined {
  const v = value.toLowerCase();
  if (v === 'udp' || v === 'udp4' || v === 'udp6') return 'udp';
  if (/^tcp[46]?(-client)?$/.test(v)) return 'tcp';
  if (/^tcp[46]?-server$/.test(v)) {
    scope.report.refuse(d, 'server-only', CLASS_REASONS['server-only'], ctx);
    return undefined;
  }
  scope.report.refuse(d, 'bad-arguments', `uses an unknown protocol; expected udp or tcp`, ctx);
  return undefined;
}

function dev(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  const { draft, report } = scope;
  if (!argCount(scope, d, 1, 1, ctx)) return;
  if (draft.dev) return report.refuse(d, 'repeated', `is given more than once (also on line ${draft.dev.line})`, ctx);
  const name = d.args[0] ?? '';
  if (name === 'null')
    return report.refuse(d, 'unsupported', 'creates no tunnel device, which Holdfast cannot use', ctx);
  const directive: OpenVpnDirective = { name: 'dev', args: ['tun'] };
  draft.directives.push(directive);
  draft.dev = { directive, name, line: d.line, text: d.text };
}

function proxy(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  const http = d.name === 'http-proxy';
  const [host = '', portText] = d.args;
  if (d.args.length > 2) return scope.report.refuse(d, 'reads-file', PROXY_AUTH_REASON, ctx);
  if (!argCount(scope, d, http ? 2 : 1, 2, ctx)) return;
  if (!isHost(host)) return scope.report.refuse(d, 'invalid-host', 'does not name a valid proxy host', ctx);
  if (portText !== undefined && parsePort(portText) === undefined) {
    return scope.report.refuse(d, 'invalid-port', 'needs a port between 1 and 65535', ctx);
  }
  keep(scope, d.name, d.args, ctx);
}
