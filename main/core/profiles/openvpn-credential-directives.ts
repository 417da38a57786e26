import { isFingerprint, normalizeBlock } from './openvpn-blocks';
import { BLOCK_SECRECY } from './openvpn-block-kinds';
import { argCount, keep, type DirectiveHandler, type InterpretScope } from './openvpn-directive-handler';
import type { DirectiveContext } from './openvpn-draft';
import { checkReference } from './openvpn-files';
import { directiveRule } from './openvpn-policy';
import { CREDENTIALS_FILE_REASON } from './openvpn-reasons';
import type { RawBlock, RawDirective } from './openvpn-reader';

/**
 * Keys, certificates and credentials: inline `<blocks>`, `ca ca.crt` style references (only recorded here;
 * parse-openvpn reads them), the key direction, the peer's fingerprint, and `auth-user-pass`, which Holdfast
 * answers itself when connecting.
 */
export const CREDENTIAL_DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  'key-direction': (d, ctx, scope) => {
    if (!argCount(scope, d, 1, 1, ctx)) return;
    const value = d.args[0];
    if (value !== '0' && value !== '1') return scope.report.refuse(d, 'bad-arguments', 'must be 0 or 1', ctx);
    if (scope.draft.keyDirection) return scope.report.refuse(d, 'repeated', 'is given more than once', ctx);
    scope.draft.keyDirection = { value: value === '1' ? 1 : 0, line: d.line };
  },
  'auth-user-pass': (d, ctx, scope) => {
    if (d.args.length === 0) {
      scope.draft.authUserPass = true;
      return;
    }
    return scope.report.refuse(d, 'credentials-file', CREDENTIALS_FILE_REASON, ctx);
  },
  'peer-fingerprint': (d, ctx, scope) => {
    if (!argCount(scope, d, 1, 1, ctx)) return;
    if (!isFingerprint(d.args[0] ?? '')) {
      return scope.report.refuse(
        d,
        'bad-arguments',
        'needs a SHA-256 fingerprint (32 hex pairs separated by colons)',
        ctx,
      );
    }
    return keep(scope, d.name, d.args, ctx);
  },
};

/** An inline `<block>`: a known key or certificate, checked and normalized; anything else is refused. */
export function interpretBlock(b: RawBlock, scope: InterpretScope): void {
  const quote = `\`<${b.name}>\``;
  const at = { line: b.line, column: b.column, directive: b.name };
  const secrecy = Object.hasOwn(BLOCK_SECRECY, b.name) ? BLOCK_SECRECY[b.name] : undefined;
  if (!secrecy) {
    if (b.name === 'auth-user-pass' || b.name === 'http-proxy-user-pass') {
      scope.report.errorAt(
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
    scope.report.errorAt(rule.kind === 'refused' ? rule.class : 'unknown-block', `${quote} ${reason}.`, at);
    return;
  }
  if (!uniqueBlock(scope, b.name, b.line, quote)) return;
  const checked = normalizeBlock(b.name, b.lines.join('\n'));
  if (!checked.ok) {
    scope.report.errorAt('invalid-block', `${quote} cannot be used: ${checked.reason}.`, at);
    return;
  }
  scope.draft.blocks.push({
    name: b.name,
    line: b.line,
    column: b.column,
    text: `<${b.name}>`,
    content: checked.text,
  });
}

/** `ca ca.crt` and the like: a file from the imported folder (recorded, read later), or `[inline]`. */
export function interpretFileReference(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  const { draft, report } = scope;
  const max = d.name === 'tls-auth' || d.name === 'crl-verify' ? 2 : 1;
  if (!argCount(scope, d, 1, max, ctx)) return;
  const [target = '', extra] = d.args;
  if (d.name === 'crl-verify' && extra !== undefined) {
    if (extra !== 'dir') return report.refuse(d, 'bad-arguments', 'accepts only `dir` after the file name', ctx);
    return report.refuse(
      d,
      'reads-file',
      'would make OpenVPN read a folder of revocation lists as administrator; paste the list into a `<crl-verify>` block instead',
      ctx,
    );
  }
  if (d.name === 'tls-auth' && extra !== undefined) {
    if (extra !== '0' && extra !== '1')
      return report.refuse(d, 'bad-arguments', 'takes a key direction of 0 or 1 after the file', ctx);
    draft.tlsAuthDirection = { value: extra === '1' ? 1 : 0, line: d.line };
  }
  if (/^\[\[?inline\]?\]$/i.test(target)) {
    draft.inlineRefs.push({ name: d.name, line: d.line, column: d.column, text: d.text });
    return;
  }
  const checked = checkReference(target, scope.hasSiblings);
  if (!checked.ok) return report.refuse(d, 'file-outside-folder', checked.reason, ctx);
  if (!scope.hasSiblings) {
    return report.refuse(
      d,
      'file-not-imported',
      "refers to a separate file that was not part of this import; import the profile's whole folder or zip archive, or paste the file's content into an inline block",
      ctx,
    );
  }
  if (!uniqueBlock(scope, d.name, d.line, `\`${d.name}\``)) return;
  draft.blocks.push({ name: d.name, line: d.line, column: d.column, text: d.text, filePath: checked.path });
}

/** One key or certificate of each kind, whether inline or from a file. */
function uniqueBlock(scope: InterpretScope, name: string, line: number, quote: string): boolean {
  const earlier = scope.draft.blocks.find((b) => b.name === name);
  if (!earlier) return true;
  scope.report.errorAt('repeated', `${quote} is given twice (also on line ${earlier.line}); keep one.`, {
    line,
    directive: name,
  });
  return false;
}
