import type { DirectiveContext, OpenVpnDraft, OpenVpnReporter } from './openvpn-draft';
import type { RawDirective } from './openvpn-reader';

/** What every directive handler works on: the draft it fills, where refusals go, and the way back in. */
export interface InterpretScope {
  readonly draft: OpenVpnDraft;
  readonly report: OpenVpnReporter;
  /** Files beside the profile were imported with it, so `ca ca.crt` style references can be read. */
  readonly hasSiblings: boolean;
  /** Interprets a directive again (`setenv opt` wraps one). */
  directive(d: RawDirective, ctx: DirectiveContext): void;
}

/** Judges one directive whose policy rule is `special`: keeps it, reshapes it, or reports why not. */
export type DirectiveHandler = (d: RawDirective, ctx: DirectiveContext, scope: InterpretScope) => void;

/** Keeps a directive in the profile, or in the `<connection>` block it sits in. */
export function keep(scope: InterpretScope, name: string, args: string[], ctx: DirectiveContext): void {
  const target = ctx.connection ? ctx.connection.options : scope.draft.directives;
  target.push({ name, args: [...args] });
}

/** Whether the directive has between `min` and `max` parameters; refuses it, saying how many, when not. */
export function argCount(
  scope: InterpretScope,
  d: RawDirective,
  min: number,
  max: number,
  ctx: DirectiveContext,
): boolean {
  if (d.args.length >= min && d.args.length <= max) return true;
  const expected =
    min === max
      ? min === 0
        ? 'no parameters'
        : `${min} parameter${min === 1 ? '' : 's'}`
      : `${min} to ${max} parameters`;
  scope.report.refuse(d, 'bad-arguments', `takes ${expected}, not ${d.args.length}`, ctx);
  return false;
}

/** Control characters in a parameter would reach OpenVPN's own parser; such a line is refused. */
export function cleanArgs(scope: InterpretScope, d: RawDirective, ctx: DirectiveContext): boolean {
  // eslint-disable-next-line no-control-regex
  if (!d.args.some((a) => /[\u0000-\u001f\u007f]/.test(a))) return true;
  scope.report.refuse(d, 'bad-arguments', 'contains control characters', ctx);
  return false;
}
