import { FILE_DIRECTIVES } from './openvpn-block-kinds';
import { CREDENTIAL_DIRECTIVES, interpretBlock, interpretFileReference } from './openvpn-credential-directives';
import { argCount, cleanArgs, keep, type DirectiveHandler, type InterpretScope } from './openvpn-directive-handler';
import type { DirectiveContext, OpenVpnDraft, OpenVpnReporter } from './openvpn-draft';
import { DNS_HELPER_REASON, isDnsHelperLine } from './openvpn-dns-helpers';
import { NEGOTIATION_DIRECTIVES } from './openvpn-negotiation-directives';
import { directiveRule } from './openvpn-policy';
import { CLASS_REASONS, runsProgramReason } from './openvpn-reasons';
import type { RawBlock, RawConnection, RawDirective } from './openvpn-reader';
import { SCRIPT_DIRECTIVES } from './openvpn-script-directives';
import { interpretConnection, resolvePlainRemotes, TRANSPORT_DIRECTIVES } from './openvpn-transport-directives';

/** The directives whose policy rule is `special`, by name; each group lives with its own concern. */
const SPECIAL_DIRECTIVES = new Map<string, DirectiveHandler>(
  Object.entries({
    ...TRANSPORT_DIRECTIVES,
    ...CREDENTIAL_DIRECTIVES,
    ...SCRIPT_DIRECTIVES,
    ...NEGOTIATION_DIRECTIVES,
  }),
);

/**
 * Applies the policy to each directive, block and `<connection>` group, filling the draft. Refusals and
 * warnings go to the reporter; nothing here reads files (references are only recorded).
 */
export class OpenVpnInterpreter {
  private readonly scope: InterpretScope;

  constructor(draft: OpenVpnDraft, report: OpenVpnReporter, hasSiblings: boolean) {
    this.scope = { draft, report, hasSiblings, directive: (d, ctx) => this.directive(d, ctx) };
  }

  directive(d: RawDirective, ctx: DirectiveContext = {}): void {
    const { report } = this.scope;
    const rule = directiveRule(d.name);
    if (rule.kind === 'refused') {
      if (ctx.optional && rule.class === 'unknown-directive') {
        report.warn(d, 'ignored-unknown', 'marks an unknown setting as optional, so it was left out');
        return;
      }
      if (rule.class === 'runs-program' && isDnsHelperLine(d.name, d.args)) {
        report.warn(d, 'dns-helper-skipped', DNS_HELPER_REASON, ctx);
        return;
      }
      const reason = rule.class === 'runs-program' ? runsProgramReason(d.name, d.args) : rule.reason;
      report.refuse(d, rule.class, reason, ctx);
      return;
    }
    if (rule.kind === 'dropped') {
      report.warn(d, rule.class, rule.reason, ctx);
      return;
    }
    if (ctx.connection && !rule.inConnection) {
      report.refuse(d, 'not-in-connection', 'cannot be used inside a `<connection>` block; move it outside', ctx);
      return;
    }
    if (!cleanArgs(this.scope, d, ctx)) return;
    if (rule.kind === 'allowed') {
      if (!argCount(this.scope, d, rule.min, rule.max, ctx)) return;
      if (rule.advice) report.warn(d, rule.advice.code, rule.advice.reason, ctx);
      keep(this.scope, d.name, d.args, ctx);
      return;
    }
    this.special(d, ctx);
  }

  block(b: RawBlock): void {
    interpretBlock(b, this.scope);
  }

  connection(c: RawConnection): void {
    interpretConnection(c, this.scope);
  }

  /** Plain `remote` lines take the final global `proto`/`port`, as OpenVPN does. */
  resolveRemotes(): void {
    resolvePlainRemotes(this.scope.draft);
  }

  private special(d: RawDirective, ctx: DirectiveContext): void {
    if (FILE_DIRECTIVES.has(d.name)) return interpretFileReference(d, ctx, this.scope);
    const handler = SPECIAL_DIRECTIVES.get(d.name);
    if (handler) return handler(d, ctx, this.scope);
    this.scope.report.refuse(d, 'unknown-directive', CLASS_REASONS['unknown-directive'], ctx);
  }
}
