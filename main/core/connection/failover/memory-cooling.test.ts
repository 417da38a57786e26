import { describe, expect, it } from 'vitest';
import { FailoverMemory } from './memory';
import { DEFAULT_MEMORY_POLICY } from './memory-policy';
import { ot, ou, wgc } from './test-fixtures';

const MIN = 60_000;
const NET = 'home-wifi';

describe('FailoverMemory cool-downs', () => {
  it('cools a failed pair for minutes, doubling with each failure up to the cap, and lets it go after', () => {
    const memory = new FailoverMemory();
    const c = wgc('tokyo');
    const expected = [2, 4, 8, 16, 30, 30].map((m) => m * MIN);
    let now = 0;
    for (const duration of expected) {
      const cool = memory.recordFailure(NET, c, now);
      expect(cool).toEqual({ until: now + duration, why: 'failed' });
      expect(memory.coolDown(NET, c, now + duration - 1)).not.toBeNull();
      expect(memory.coolDown(NET, c, now + duration)).toBeNull();
      now += duration;
    }
  });

  it('shares a cool-down between profiles reaching the same server the same way, and not across networks', () => {
    const memory = new FailoverMemory();
    memory.recordFailure(NET, ou('tokyo', 1194, 'profile-a'), 0);
    expect(memory.coolDown(NET, ou('tokyo', 1194, 'profile-b'), 1)).not.toBeNull();
    expect(memory.coolDown(NET, ou('tokyo', 443, 'profile-a'), 1)).toBeNull();
    expect(memory.coolDown('office', ou('tokyo', 1194, 'profile-a'), 1)).toBeNull();
  });

  it('resets growth after a success and after a quiet day', () => {
    const memory = new FailoverMemory();
    const c = wgc('tokyo');
    memory.recordFailure(NET, c, 0);
    memory.recordFailure(NET, c, 10 * MIN);
    memory.recordSuccess(NET, c, 20 * MIN);
    expect(memory.coolDown(NET, c, 20 * MIN)).toBeNull();
    expect(memory.recordFailure(NET, c, 30 * MIN).until).toBe(32 * MIN);
    const dayLater = 30 * MIN + DEFAULT_MEMORY_POLICY.forgetFailuresAfterMs + 1;
    expect(memory.recordFailure(NET, c, dayLater).until).toBe(dayLater + 2 * MIN);
  });

  it('keeps refusals (weak encryption) for hours', () => {
    const memory = new FailoverMemory();
    expect(memory.recordFailure(NET, ot('old'), 0, 'refused')).toEqual({ until: 6 * 60 * MIN, why: 'refused' });
  });

  it('remembers success with its duration, and forgets it after the success lifetime', () => {
    const memory = new FailoverMemory();
    memory.recordSuccess(NET, ot('osaka'), 1000, 812.4);
    expect(memory.lastSuccess(NET, ot('osaka'), 2000)).toEqual({ at: 1000, ms: 812 });
    expect(memory.lastSuccess(NET, ot('osaka'), 1000 + DEFAULT_MEMORY_POLICY.successTtlMs + 1)).toBeUndefined();
  });
});

describe('FailoverMemory blocked servers', () => {
  it('blocks a server failing on several transports while another server works, longer each time', () => {
    const memory = new FailoverMemory();
    memory.recordSuccess(NET, wgc('osaka'), 0);
    memory.recordFailure(NET, wgc('tokyo'), 1000);
    expect(memory.coolDown(NET, ot('tokyo'), 1000)).toBeNull();
    memory.recordFailure(NET, ou('tokyo'), 2000);
    expect(memory.coolDown(NET, ot('tokyo'), 2000)).toEqual({ until: 2000 + 15 * MIN, why: 'blocked' });
    // The block outlives the pairs' own cool-downs.
    expect(memory.coolDown(NET, wgc('tokyo'), 1000 + 2 * MIN)?.why).toBe('blocked');

    const later = 2000 + 15 * MIN;
    memory.recordSuccess(NET, wgc('osaka'), later);
    memory.recordFailure(NET, wgc('tokyo'), later + 1);
    memory.recordFailure(NET, ot('tokyo'), later + 2);
    expect(memory.coolDown(NET, ou('tokyo'), later + 2)).toEqual({ until: later + 2 + 30 * MIN, why: 'blocked' });
  });

  it('does not block when nothing else works (that is the network, not the server)', () => {
    const memory = new FailoverMemory();
    memory.recordFailure(NET, wgc('tokyo'), 0);
    memory.recordFailure(NET, ot('tokyo'), 1);
    memory.recordFailure(NET, wgc('osaka'), 2);
    expect(memory.serverBlock(NET, 'tokyo', 3)).toBeUndefined();
  });

  it('blocks when another server starts working after the failures, and unblocks on a success of its own', () => {
    const memory = new FailoverMemory();
    memory.recordFailure(NET, wgc('tokyo'), 0);
    memory.recordFailure(NET, ot('tokyo'), 1);
    memory.recordSuccess(NET, ot('osaka'), 2);
    expect(memory.serverBlock(NET, 'tokyo', 3)?.blocks).toBe(1);
    memory.recordSuccess(NET, ou('tokyo'), 4);
    expect(memory.coolDown(NET, ot('tokyo'), 5)?.why).toBe('failed');
    expect(memory.serverBlock(NET, 'tokyo', 5)).toBeUndefined();
  });
});
