import { isFingerprint, normalizeBlock } from './openvpn-blocks';
import type { ConnectionDraft, DirectiveContext, OpenVpnDraft, OpenVpnReporter } from './openvpn-draft';
import { DNS_HELPER_REASON, isDnsHelperLine, SCRIPT_PERMISSION_REASON } from './openvpn-dns-helpers';
import { checkReference } from './openvpn-files';
import { BLOCK_SECRECY, FILE_DIRECTIVES } from './openvpn-block-kinds';
import { directiveRule } from './openvpn-policy';
import {
  CLASS_REASONS,
  COMPRESSION_REASON,
  CREDENTIALS_FILE_REASON,
  PROXY_AUTH_REASON,
  runsProgramReason,
  SETENV_REASON,
} from './openvpn-reasons';
import type { RawBlock, RawConnection, RawDirective } from './openvpn-reader';
import { isHost, parseIntegerIn, parsePort } from './net-syntax';
import type { OpenVpnDirective, OpenVpnProto } from './types';

const DEFAULT_PORT = 1194;
const DEFAULT_PROTO: OpenVpnProto = 'udp';

/**
 * Applies the policy to each directive, block and `<connection>` group, filling the draft. Refusals and
 * warnings go to the reporter; nothing here reads files (references are only recorded).
 */
export class OpenVpnInterpreter {
  constructor(
    private readonly draft: OpenVpnDraft,
    private readonly report: OpenVpnReporter,
    private readonly hasSiblings: boolean,
  ) {}

  directive(d: RawDirective, ctx: DirectiveContext = {}): void {
    const rule = directiveRule(d.name);
    if (rule.kind === 'refused') {
      if (ctx.optional && rule.class === 'unknown-directive') {
        this.report.warn(d, 'ignored-unknown', 'marks an unknown setting as optional, so it was left out');
        return;
      }
      if (rule.class === 'runs-program' && isDnsHelperLine(d.name, d.args)) {
        this.report.warn(d, 'dns-helper-skipped', DNS_HELPER_REASON, ctx);
        return;
      }
      const reason = rule.class === 'runs-program' ? runsProgramReason(d.name, d.args) : rule.reason;
      this.report.refuse(d, rule.class, reason, ctx);
      return;
    }
    if (rule.kind === 'dropped') {
      this.report.warn(d, rule.class, rule.reason, ctx);
      return;
    }
    if (ctx.connection && !rule.inConnection) {
      this.report.refuse(d, 'not-in-connection', 'cannot be used inside a `<connection>` block; move it outside', ctx);
      return;
    }
    if (!this.cleanArgs(d, ctx)) return;
    if (rule.kind === 'allowed') {
      if (!this.argCount(d, rule.min, rule.max, ctx)) return;
      if (rule.advice) this.report.warn(d, rule.advice.code, rule.advice.reason, ctx);
      this.keep(d.name, d.args, ctx);
      return;
    }
    this.special(d, ctx);
  }

  block(b: RawBlock): void {
    const quote = `\`<${b.name}>\``;
    const at = { line: b.line, column: b.column, directive: b.name };
    const secrecy = Object.hasOwn(BLOCK_SECRECY, b.name) ? BLOCK_SECRECY[b.name] : undefined;
    if (!secrecy) {
      if (b.name === 'auth-user-pass' || b.name === 'http-proxy-user-pass') {
        this.report.errorAt(
          'credentials-inline',
          `${quote} holds a user name and password in the profile; Holdfast asks for them when you connect and keeps them sealed, so remove this block.`,
          at,
        );
        return;
      }
      const rule = directiveRule(b.name);
      const reason =
        rule.kind === 'refused' && rule.class !== 'unknown-directive'
          ? rule.reason
          : 'is not an inline block Holdfast recognises; unknown content is refused because the profile is handed to a program that runs as administrator';
      this.report.errorAt(rule.kind === 'refused' ? rule.class : 'unknown-block', `${quote} ${reason}.`, at);
      return;
    }
    if (!this.uniqueBlock(b.name, b.line, quote)) return;
    const checked = normalizeBlock(b.name, b.lines.join('\n'));
    if (!checked.ok) {
      this.report.errorAt('invalid-block', `${quote} cannot be used: ${checked.reason}.`, at);
      return;
    }
    this.draft.blocks.push({
      name: b.name,
      line: b.line,
      column: b.column,
      text: `<${b.name}>`,
      content: checked.text,
    });
  }

  connection(c: RawConnection): void {
    const conn: ConnectionDraft = { line: c.line, remotes: [], options: [] };
    const snapshot = { proto: this.draft.globalProto, port: this.draft.globalPort };
    for (const d of c.directives) this.directive(d, { connection: conn });
    if (conn.remotes.length === 0) {
      this.report.errorAt('no-remote', 'This `<connection>` block has no `remote` line.', {
        line: c.line,
        directive: 'connection',
      });
      return;
    }
    if (conn.remotes.length > 1) {
      this.report.errorAt('syntax', 'A `<connection>` block holds one `remote`; this one has several.', {
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
    this.draft.remotes.push(remote);
  }

  /** Plain `remote` lines take the final global `proto`/`port`, as OpenVPN does. */
  resolveRemotes(): void {
    for (const remote of this.draft.remotes) {
      if (remote.fromConnection) continue;
      remote.port = remote.port ?? this.draft.globalPort ?? DEFAULT_PORT;
      remote.proto = remote.proto ?? this.draft.globalProto ?? DEFAULT_PROTO;
    }
  }

  private special(d: RawDirective, ctx: DirectiveContext): void {
    if (FILE_DIRECTIVES.has(d.name)) {
      this.fileReference(d, ctx);
      return;
    }
    switch (d.name) {
      case 'remote':
        return this.remote(d, ctx);
      case 'proto': {
        if (!this.argCount(d, 1, 1, ctx)) return;
        const proto = this.proto(d, d.args[0] ?? '', ctx);
        if (!proto) return;
        if (ctx.connection) ctx.connection.proto = proto;
        else this.draft.globalProto = proto;
        return;
      }
      case 'port':
      case 'rport': {
        if (!this.argCount(d, 1, 1, ctx)) return;
        const port = parsePort(d.args[0] ?? '');
        if (port === undefined) return this.report.refuse(d, 'invalid-port', 'needs a port between 1 and 65535', ctx);
        if (ctx.connection) ctx.connection.port = port;
        else this.draft.globalPort = port;
        return;
      }
      case 'dev':
        return this.dev(d, ctx);
      case 'dev-type': {
        if (!this.argCount(d, 1, 1, ctx)) return;
        const type = d.args[0];
        if (type !== 'tun' && type !== 'tap')
          return this.report.refuse(d, 'bad-arguments', 'must be `tun` or `tap`', ctx);
        this.draft.devType = type;
        return;
      }
      case 'setenv':
      case 'setenv-safe':
        return this.setenv(d, ctx);
      case 'script-security': {
        if (!this.argCount(d, 1, 1, ctx)) return;
        const level = parseIntegerIn(d.args[0] ?? '', 0, 3);
        if (level === undefined) return this.report.refuse(d, 'bad-arguments', 'must be a level from 0 to 3', ctx);
        // Level 2 and 3 only permit scripts; each script line is judged on its own, so the refusal names
        // the program, and a file whose only scripts are DNS helpers imports.
        if (level >= 2) return this.report.warn(d, 'owned-by-holdfast', SCRIPT_PERMISSION_REASON, ctx);
        return this.report.warn(
          d,
          'owned-by-holdfast',
          'only limits scripts, and Holdfast runs none, so it was left out',
          ctx,
        );
      }
      case 'compress':
      case 'comp-lzo':
      case 'allow-compression':
        return this.compression(d, ctx);
      case 'key-direction': {
        if (!this.argCount(d, 1, 1, ctx)) return;
        const value = d.args[0];
        if (value !== '0' && value !== '1') return this.report.refuse(d, 'bad-arguments', 'must be 0 or 1', ctx);
        if (this.draft.keyDirection) return this.report.refuse(d, 'repeated', 'is given more than once', ctx);
        this.draft.keyDirection = { value: value === '1' ? 1 : 0, line: d.line };
        return;
      }
      case 'auth-user-pass':
        if (d.args.length === 0) {
          this.draft.authUserPass = true;
          return;
        }
        return this.report.refuse(d, 'credentials-file', CREDENTIALS_FILE_REASON, ctx);
      case 'http-proxy':
      case 'socks-proxy':
        return this.proxy(d, ctx);
      case 'mode':
        if (!this.argCount(d, 1, 1, ctx)) return;
        if (d.args[0] === 'p2p') {
          return this.report.warn(d, 'owned-by-holdfast', 'is the default for a client, so it was left out', ctx);
        }
        return this.report.refuse(d, 'server-only', CLASS_REASONS['server-only'], ctx);
      case 'dns-updown':
        if (d.args.length === 1 && d.args[0] === 'disable') {
          return this.report.warn(
            d,
            'owned-by-holdfast',
            'is how Holdfast runs OpenVPN anyway, so it was left out',
            ctx,
          );
        }
        return this.report.refuse(d, 'runs-program', runsProgramReason(d.name, d.args), ctx);
      case 'peer-fingerprint':
        if (!this.argCount(d, 1, 1, ctx)) return;
        if (!isFingerprint(d.args[0] ?? '')) {
          return this.report.refuse(
            d,
            'bad-arguments',
            'needs a SHA-256 fingerprint (32 hex pairs separated by colons)',
            ctx,
          );
        }
        return this.keep(d.name, d.args, ctx);
      case 'pull-filter':
        if (!this.argCount(d, 2, 2, ctx)) return;
        if (!['accept', 'ignore', 'reject'].includes(d.args[0] ?? '')) {
          return this.report.refuse(d, 'bad-arguments', 'must start with accept, ignore or reject', ctx);
        }
        return this.keep(d.name, d.args, ctx);
      default:
        return this.report.refuse(d, 'unknown-directive', CLASS_REASONS['unknown-directive'], ctx);
    }
  }

  private remote(d: RawDirective, ctx: DirectiveContext): void {
    if (!this.argCount(d, 1, 3, ctx)) return;
    const [host = '', portText, protoText] = d.args;
    if (!isHost(host)) return this.report.refuse(d, 'invalid-host', 'does not name a valid host name or address', ctx);
    let port: number | undefined;
    if (portText !== undefined) {
      port = parsePort(portText);
      if (port === undefined) return this.report.refuse(d, 'invalid-port', 'needs a port between 1 and 65535', ctx);
    }
    let proto: OpenVpnProto | undefined;
    if (protoText !== undefined) {
      proto = this.proto(d, protoText, ctx);
      if (!proto) return;
    }
    const remote = { host, port, proto, line: d.line, options: [], fromConnection: Boolean(ctx.connection) };
    if (ctx.connection) ctx.connection.remotes.push(remote);
    else this.draft.remotes.push(remote);
  }

  private proto(d: RawDirective, value: string, ctx: DirectiveContext): OpenVpnProto | undefined {
    const v = value.toLowerCase();
    if (v === 'udp' || v === 'udp4' || v === 'udp6') return 'udp';
    if (/^tcp[46]?(-client)?$/.test(v)) return 'tcp';
    if (/^tcp[46]?-server$/.test(v)) {
      this.report.refuse(d, 'server-only', CLASS_REASONS['server-only'], ctx);
      return undefined;
    }
    this.report.refuse(d, 'bad-arguments', `uses an unknown protocol; expected udp or tcp`, ctx);
    return undefined;
  }

  private dev(d: RawDirective, ctx: DirectiveContext): void {
    if (!this.argCount(d, 1, 1, ctx)) return;
    if (this.draft.dev)
      return this.report.refuse(d, 'repeated', `is given more than once (also on line ${this.draft.dev.line})`, ctx);
    const name = d.args[0] ?? '';
    if (name === 'null')
      return this.report.refuse(d, 'unsupported', 'creates no tunnel device, which Holdfast cannot use', ctx);
    const directive: OpenVpnDirective = { name: 'dev', args: ['tun'] };
    this.draft.directives.push(directive);
    this.draft.dev = { directive, name, line: d.line, text: d.text };
  }

  private setenv(d: RawDirective, ctx: DirectiveContext): void {
    const [variable = '', ...rest] = d.args;
    if (d.name === 'setenv' && variable.toLowerCase() === 'opt') {
      const [inner, ...innerArgs] = rest;
      if (inner === undefined) return this.report.refuse(d, 'bad-arguments', 'wraps no setting', ctx);
      const name = (inner.startsWith('--') ? inner.slice(2) : inner).toLowerCase();
      this.directive({ ...d, name, args: innerArgs }, { ...ctx, optional: true });
      return;
    }
    if (!this.argCount(d, 1, 2, ctx)) return;
    if (/^(IV|UV)_[A-Za-z0-9_]+$/.test(variable) || (variable === 'CLIENT_CERT' && rest[0] === '0')) {
      return this.keep(d.name, d.args, ctx);
    }
    if (variable === 'PATH') {
      // The update-systemd-resolved instructions add it for their script; Holdfast runs no scripts.
      return this.report.warn(
        d,
        'owned-by-holdfast',
        'only matters to scripts, which Holdfast never runs, so it was left out',
        ctx,
      );
    }
    if (variable === 'FORWARD_COMPATIBLE') {
      return this.report.warn(
        d,
        'owned-by-holdfast',
        'only matters to OpenVPN reading this file; Holdfast writes the configuration OpenVPN uses itself, so it was left out',
        ctx,
      );
    }
    this.report.refuse(d, 'sets-environment', SETENV_REASON, ctx);
  }

  private compression(d: RawDirective, ctx: DirectiveContext): void {
    if (!this.argCount(d, 0, 1, ctx)) return;
    const arg = d.args[0];
    if (d.name === 'allow-compression') {
      if (arg === 'no' || arg === 'asym') return this.keep(d.name, d.args, ctx);
      if (arg === 'yes')
        return this.report.warn(d, 'compression-disabled', `${COMPRESSION_REASON}, so it was left out`, ctx);
      return this.report.refuse(d, 'bad-arguments', 'must be no, asym or yes', ctx);
    }
    if (d.name === 'comp-lzo') {
      if (arg !== undefined && !['yes', 'no', 'adaptive'].includes(arg)) {
        return this.report.refuse(d, 'bad-arguments', 'must be yes, no or adaptive', ctx);
      }
      if (arg !== 'no') this.report.warn(d, 'compression-disabled', COMPRESSION_REASON, ctx);
      return this.keep('comp-lzo', ['no'], ctx);
    }
    // `compress`: keep the framing the server expects (v1 or v2), never the compression itself.
    if (arg === undefined || arg === 'stub') return this.keep('compress', [], ctx);
    if (arg === 'stub-v2') return this.keep('compress', ['stub-v2'], ctx);
    if (arg === 'lz4' || arg === 'lz4-v2' || arg === 'lzo') {
      this.report.warn(d, 'compression-disabled', COMPRESSION_REASON, ctx);
      if (arg === 'lzo') return this.keep('comp-lzo', ['no'], ctx);
      return this.keep('compress', arg === 'lz4-v2' ? ['stub-v2'] : [], ctx);
    }
    this.report.refuse(d, 'bad-arguments', 'names an unknown compression method', ctx);
  }

  private proxy(d: RawDirective, ctx: DirectiveContext): void {
    const http = d.name === 'http-proxy';
    const [host = '', portText] = d.args;
    if (d.args.length > 2) return this.report.refuse(d, 'reads-file', PROXY_AUTH_REASON, ctx);
    if (!this.argCount(d, http ? 2 : 1, 2, ctx)) return;
    if (!isHost(host)) return this.report.refuse(d, 'invalid-host', 'does not name a valid proxy host', ctx);
    if (portText !== undefined && parsePort(portText) === undefined) {
      return this.report.refuse(d, 'invalid-port', 'needs a port between 1 and 65535', ctx);
    }
    this.keep(d.name, d.args, ctx);
  }

  private fileReference(d: RawDirective, ctx: DirectiveContext): void {
    const max = d.name === 'tls-auth' || d.name === 'crl-verify' ? 2 : 1;
    if (!this.argCount(d, 1, max, ctx)) return;
    const [target = '', extra] = d.args;
    if (d.name === 'crl-verify' && extra !== undefined) {
      if (extra !== 'dir') return this.report.refuse(d, 'bad-arguments', 'accepts only `dir` after the file name', ctx);
      return this.report.refuse(
        d,
        'reads-file',
        'would make OpenVPN read a folder of revocation lists as administrator; paste the list into a `<crl-verify>` block instead',
        ctx,
      );
    }
    if (d.name === 'tls-auth' && extra !== undefined) {
      if (extra !== '0' && extra !== '1')
        return this.report.refuse(d, 'bad-arguments', 'takes a key direction of 0 or 1 after the file', ctx);
      this.draft.tlsAuthDirection = { value: extra === '1' ? 1 : 0, line: d.line };
    }
    if (/^\[\[?inline\]?\]$/i.test(target)) {
      this.draft.inlineRefs.push({ name: d.name, line: d.line, column: d.column, text: d.text });
      return;
    }
    const checked = checkReference(target, this.hasSiblings);
    if (!checked.ok) return this.report.refuse(d, 'file-outside-folder', checked.reason, ctx);
    if (!this.hasSiblings) {
      return this.report.refuse(
        d,
        'file-not-imported',
        "refers to a separate file that was not part of this import; import the profile's whole folder or zip archive, or paste the file's content into an inline block",
        ctx,
      );
    }
    if (!this.uniqueBlock(d.name, d.line, `\`${d.name}\``)) return;
    this.draft.blocks.push({ name: d.name, line: d.line, column: d.column, text: d.text, filePath: checked.path });
  }

  private uniqueBlock(name: string, line: number, quote: string): boolean {
    const earlier = this.draft.blocks.find((b) => b.name === name);
    if (!earlier) return true;
    this.report.errorAt('repeated', `${quote} is given twice (also on line ${earlier.line}); keep one.`, {
      line,
      directive: name,
    });
    return false;
  }

  private keep(name: string, args: string[], ctx: DirectiveContext): void {
    const target = ctx.connection ? ctx.connection.options : this.draft.directives;
    target.push({ name, args: [...args] });
  }

  private argCount(d: RawDirective, min: number, max: number, ctx: DirectiveContext): boolean {
    if (d.args.length >= min && d.args.length <= max) return true;
    const expected =
      min === max
        ? min === 0
          ? 'no parameters'
          : `${min} parameter${min === 1 ? '' : 's'}`
        : `${min} to ${max} parameters`;
    this.report.refuse(d, 'bad-arguments', `takes ${expected}, not ${d.args.length}`, ctx);
    return false;
  }

  private cleanArgs(d: RawDirective, ctx: DirectiveContext): boolean {
    // eslint-disable-next-line no-control-regex
    if (!d.args.some((a) => /[\u0000-\u001f\u007f]/.test(a))) return true;
    this.report.refuse(d, 'bad-arguments', 'contains control characters', ctx);
    return false;
  }
}
