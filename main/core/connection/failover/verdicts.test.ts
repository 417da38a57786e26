import { describe, expect, it } from 'vitest';
import { HoldfastError, type HoldfastErrorCode } from '../../errors';
import { AttemptCancelled, AttemptTimedOut } from './race';
import { ot, ou, wgc } from './test-fixtures';
import { classifyFailure, judgeFailedRound } from './verdicts';

describe('classifyFailure', () => {
  it.each<[HoldfastErrorCode, string]>([
    ['auth-failed', 'needs-user'],
    ['credentials-needed', 'needs-user'],
    ['binary-missing', 'needs-user'],
    ['not-privileged', 'needs-user'],
    ['encryption-too-weak', 'refused'],
    ['tunnel-failed', 'failed'],
    ['no-data-through-tunnel', 'failed'],
    ['internal', 'failed'],
  ])('%s -> %s', (code, cls) => {
    expect(classifyFailure(new HoldfastError(code, 'x')).cls).toBe(cls);
  });

  it('treats time-outs as failures, cancellations as nothing, and plain errors as failures', () => {
    expect(classifyFailure(new AttemptTimedOut(3000)).cls).toBe('failed');
    expect(classifyFailure(new AttemptCancelled()).cls).toBe('cancelled');
    expect(classifyFailure(new Error('ECONNREFUSED')).error.message).toBe('ECONNREFUSED');
  });
});

describe('judgeFailedRound', () => {
  const world = [wgc('tokyo'), ot('tokyo'), wgc('osaka'), ot('osaka'), ou('paris')];
  it.each([
    ['two servers, UDP and TCP', [wgc('tokyo'), ot('osaka')], world, 'network-down'],
    ['three servers, UDP only, while TCP exists', [wgc('tokyo'), wgc('osaka'), ou('paris')], world, 'servers-failed'],
    ['one server, both protocols', [wgc('tokyo'), ot('tokyo')], world, 'servers-failed'],
    ['two servers when only UDP exists', [wgc('tokyo'), wgc('osaka')], [wgc('tokyo'), wgc('osaka')], 'network-down'],
    ['the only server there is', [wgc('tokyo'), ot('tokyo')], [wgc('tokyo'), ot('tokyo')], 'servers-failed'],
    ['nothing failed', [], world, 'servers-failed'],
  ])('%s', (_name, failed, usable, verdict) => {
    expect(judgeFailedRound({ failed, usable })).toBe(verdict);
  });
});
