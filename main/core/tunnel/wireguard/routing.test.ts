import { describe, expect, it } from 'vitest';
import type { ProcessRunner, RunResult } from '../../system/process-runner';
import { findActiveTunnelMark } from './routing';

const runnerWith = (stdout: string): ProcessRunner => ({
  run: async (): Promise<RunResult> => ({ code: 0, stdout, stderr: '' }),
  spawn: () => {
    throw new Error('not used');
  },
});

describe('findActiveTunnelMark', () => {
  it("finds the mark of Holdfast's live full tunnel", async () => {
    const rules = [
      '0:\tfrom all lookup local',
      '32764:\tfrom all lookup main suppress_prefixlength 0',
      '32765:\tnot from all fwmark 0xca6d lookup 51821',
      '32766:\tfrom all lookup main',
    ].join('\n');
    expect(await findActiveTunnelMark(runnerWith(rules))).toBe(51821);
  });

  it("ignores other programs' marks and returns nothing without a tunnel", async () => {
    expect(await findActiveTunnelMark(runnerWith('32765:\tnot from all fwmark 0x10 lookup 16\n'))).toBeUndefined();
    expect(await findActiveTunnelMark(runnerWith('0:\tfrom all lookup local\n'))).toBeUndefined();
  });
});
