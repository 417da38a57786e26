import { argCount, keep, type DirectiveHandler, type InterpretScope } from './openvpn-directive-handler';
import { SCRIPT_PERMISSION_REASON } from './openvpn-dns-helpers';
import type { DirectiveContext } from './openvpn-draft';
import { runsProgramReason, SETENV_REASON } from './openvpn-reasons';
import type { RawDirective } from './openvpn-reader';
import { parseIntegerIn } from './net-syntax';

/**
 * Scripts and their environment. Holdfast runs no scripts, so what only permits them or feeds them is left
 * out with a note, and what would reach the program OpenVPN runs as administrator is refused.
 */
export const SCRIPT_DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  setenv,
  'setenv-safe': setenv,
  'script-security': (d, ctx, scope) => {
    if (!argCount(scope, d, 1, 1, ctx)) return;
    const level = parseIntegerIn(d.args[0] ?? '', 0, 3);
    if (level === undefined) return scope.report.refuse(d, 'bad-arguments', 'must be a level from 0 to 3', ctx);
    // Level 2 and 3 only permit scripts; each script line is judged on its own, so the refusal names
    // the program, and a file whose only scripts are DNS helpers imports.
    if (level >= 2) return scope.report.warn(d, 'owned-by-holdfast', SCRIPT_PERMISSION_REASON, ctx);
    return scope.report.warn(
      d,
      'owned-by-holdfast',
      'only limits scripts, and Holdfast runs none, so it was left out',
      ctx,
    );
  },
  'dns-updown': (d, ctx, scope) => {
    if (d.args.length === 1 && d.args[0] === 'disable') {
      return scope.report.warn(d, 'owned-by-holdfast', 'is how Holdfast runs OpenVPN anyway, so it was left out', ctx);
    }
    return scope.report.refuse(d, 'runs-program', runsProgramReason(d.name, d.args), ctx);
  },
};

function setenv(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  const [variable = '', ...rest] = d.args;
  if (d.name === 'setenv' && variable.toLowerCase() === 'opt') {
    const [inner, ...innerArgs] = rest;
    if (inner === undefined) return scope.report.refuse(d, 'bad-arguments', 'wraps no setting', ctx);
    const name = (inner.startsWith('--') ? inner.slice(2) : inner).toLowerCase();
    scope.directive({ ...d, name, args: innerArgs }, { ...ctx, optional: true });
    return;
  }
  if (!argCount(scope, d, 1, 2, ctx)) return;
  if (/^(IV|UV)_[A-Za-z0-9_]+$/.test(variable) || (variable === 'CLIENT_CERT' && rest[0] === '0')) {
    return keep(scope, d.name, d.args, ctx);
  }
  if (variable === 'PATH') {
    // The update-systemd-resolved instructions add it for their script; Holdfast runs no scripts.
    return scope.report.warn(
      d,
      'owned-by-holdfast',
      'only matters to scripts, which Holdfast never runs, so it was left out',
      ctx,
    );
  }
  if (variable === 'FORWARD_COMPATIBLE') {
    return scope.report.warn(
      d,
      'owned-by-holdfast',
      'only matters to OpenVPN reading this file; Holdfast writes the configuration OpenVPN uses itself, so it was left out',
      ctx,
    );
  }
  scope.report.refuse(d, 'sets-environment', SETENV_REASON, ctx);
}
