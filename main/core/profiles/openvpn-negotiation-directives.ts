import { argCount, keep, type DirectiveHandler, type InterpretScope } from './openvpn-directive-handler';
import type { DirectiveContext } from './openvpn-draft';
import { COMPRESSION_REASON } from './openvpn-reasons';
import type { RawDirective } from './openvpn-reader';

/**
 * What is agreed with the server once connected: the compression framing (kept, never the compression itself)
 * and which options the server pushes are taken.
 */
export const NEGOTIATION_DIRECTIVES: Readonly<Record<string, DirectiveHandler>> = {
  compress: compression,
  'comp-lzo': compression,
  'allow-compression': compression,
  'pull-filter': (d, ctx, scope) => {
    if (!argCount(scope, d, 2, 2, ctx)) return;
    if (!['accept', 'ignore', 'reject'].includes(d.args[0] ?? '')) {
      return scope.report.refuse(d, 'bad-arguments', 'must start with accept, ignore or reject', ctx);
    }
    return keep(scope, d.name, d.args, ctx);
  },
};

function compression(d: RawDirective, ctx: DirectiveContext, scope: InterpretScope): void {
  const { report } = scope;
  if (!argCount(scope, d, 0, 1, ctx)) return;
  const arg = d.args[0];
  if (d.name === 'allow-compression') {
    if (arg === 'no' || arg === 'asym') return keep(scope, d.name, d.args, ctx);
    if (arg === 'yes') return report.warn(d, 'compression-disabled', `${COMPRESSION_REASON}, so it was left out`, ctx);
    return report.refuse(d, 'bad-arguments', 'must be no, asym or yes', ctx);
  }
  if (d.name === 'comp-lzo') {
    if (arg !== undefined && !['yes', 'no', 'adaptive'].includes(arg)) {
      return report.refuse(d, 'bad-arguments', 'must be yes, no or adaptive', ctx);
    }
    if (arg !== 'no') report.warn(d, 'compression-disabled', COMPRESSION_REASON, ctx);
    return keep(scope, 'comp-lzo', ['no'], ctx);
  }
  // `compress`: keep the framing the server expects (v1 or v2), never the compression itself.
  if (arg === undefined || arg === 'stub') return keep(scope, 'compress', [], ctx);
  if (arg === 'stub-v2') return keep(scope, 'compress', ['stub-v2'], ctx);
  if (arg === 'lz4' || arg === 'lz4-v2' || arg === 'lzo') {
    report.warn(d, 'compression-disabled', COMPRESSION_REASON, ctx);
    if (arg === 'lzo') return keep(scope, 'comp-lzo', ['no'], ctx);
    return keep(scope, 'compress', arg === 'lz4-v2' ? ['stub-v2'] : [], ctx);
  }
  report.refuse(d, 'bad-arguments', 'names an unknown compression method', ctx);
}
