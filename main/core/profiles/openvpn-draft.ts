import type { IssueCollector } from './issues';
import { quoteLine } from './issues';
import type { RawDirective } from './openvpn-reader';
import type { OpenVpnDirective, OpenVpnProto } from './types';

/** What the interpreter has gathered so far; parse-openvpn turns it into the stored profile. */
export interface RemoteDraft {
  host: string;
  port?: number;
  proto?: OpenVpnProto;
  line: number;
  options: OpenVpnDirective[];
  /** `<connection>` remotes are resolved when their block closes (OpenVPN copies the globals seen so far). */
  fromConnection: boolean;
}

export interface BlockDraft {
  name: string;
  line: number;
  column: number;
  /** The line that introduced it (`<ca>` or `ca ca.crt`), for messages. */
  text: string;
  /** Normalized content once known (inline blocks at once, files after reading). */
  content?: string;
  /** Set for `ca ca.crt` style references until the file is read. */
  filePath?: string;
}

export interface ConnectionDraft {
  line: number;
  remotes: RemoteDraft[];
  proto?: OpenVpnProto;
  port?: number;
  options: OpenVpnDirective[];
}

export interface OpenVpnDraft {
  directives: OpenVpnDirective[];
  dev?: { directive: OpenVpnDirective; name: string; line: number; text: string };
  devType?: 'tun' | 'tap';
  globalProto?: OpenVpnProto;
  globalPort?: number;
  /** In file order; plain `remote` lines are resolved against the final global proto/port. */
  remotes: RemoteDraft[];
  blocks: BlockDraft[];
  inlineRefs: Array<{ name: string; line: number; column: number; text: string }>;
  keyDirection?: { value: 0 | 1; line: number };
  tlsAuthDirection?: { value: 0 | 1; line: number };
  authUserPass: boolean;
}

export function emptyDraft(): OpenVpnDraft {
  return { directives: [], remotes: [], blocks: [], inlineRefs: [], authUserPass: false };
}

/** Where a directive was found: it changes what is allowed and how messages explain it. */
export interface DirectiveContext {
  connection?: ConnectionDraft;
  /** The directive came out of `setenv opt`: OpenVPN obeys it when known and skips it when unknown. */
  optional?: boolean;
}

/** Writes refusals and warnings in one shape: the quoted line, where it sat, and the reason. */
export class OpenVpnReporter {
  constructor(private readonly issues: IssueCollector) {}

  refuse(d: RawDirective, code: string, reason: string, ctx: DirectiveContext = {}): void {
    this.issues.error(code, this.sentence(d, reason, ctx), this.at(d));
  }

  warn(d: RawDirective, code: string, reason: string, ctx: DirectiveContext = {}): void {
    this.issues.warn(code, this.sentence(d, reason, ctx), this.at(d));
  }

  errorAt(code: string, message: string, at: { line?: number; column?: number; directive?: string }): void {
    this.issues.error(code, message, at);
  }

  warnAt(code: string, message: string, at: { line?: number; column?: number; directive?: string }): void {
    this.issues.warn(code, message, at);
  }

  private sentence(d: RawDirective, reason: string, ctx: DirectiveContext): string {
    const where: string[] = [];
    if (ctx.optional) where.push('OpenVPN still obeys what `setenv opt` wraps');
    if (ctx.connection) where.push(`inside the \`<connection>\` block of line ${ctx.connection.line}`);
    const note = where.length > 0 ? ` (${where.join('; ')})` : '';
    return `${quoteLine(d.text)}${note} ${reason}.`;
  }

  private at(d: RawDirective): { line: number; column: number; directive: string } {
    return { line: d.line, column: d.column, directive: d.name };
  }
}
