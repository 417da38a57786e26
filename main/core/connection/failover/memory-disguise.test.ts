import { describe, expect, it } from 'vitest';
import { FailoverMemory } from './memory';
import { ot, wgc } from './test-fixtures';
import type { Candidate } from './types';

const MIN = 60_000;
const NET = 'home-wifi';
const ss = (c: Candidate, id = 'ss1'): Candidate => ({ ...c, disguise: { id, kind: 'shadowsocks' } });

describe('FailoverMemory and disguised routes', () => {
  it('cools a disguised route on its own, apart from the plain route to the same endpoint', () => {
    const memory = new FailoverMemory();
    memory.recordFailure(NET, ss(wgc('tokyo')), 0);
    expect(memory.coolDown(NET, ss(wgc('tokyo')), 1)).toEqual({ until: 2 * MIN, why: 'failed' });
    expect(memory.coolDown(NET, wgc('tokyo'), 1)).toBeNull();
    expect(memory.coolDown(NET, ss(wgc('tokyo'), 'ss2'), 1)).toBeNull();
  });

  it("a disguised route's failures never block its server for plain routes", () => {
    const memory = new FailoverMemory();
    memory.recordSuccess(NET, wgc('osaka'), 0);
    // Two disguised transports fail while another server works: for plain routes that would be a block.
    memory.recordFailure(NET, ss(wgc('tokyo')), 1000);
    memory.recordFailure(NET, ss(ot('tokyo')), 2000);
    expect(memory.serverBlock(NET, 'tokyo', 3000)).toBeUndefined();
    // One plain failure on top, and a success elsewhere, still make only one failed plain transport.
    memory.recordFailure(NET, wgc('tokyo'), 3000);
    memory.recordSuccess(NET, ot('osaka'), 4000);
    expect(memory.serverBlock(NET, 'tokyo', 5000)).toBeUndefined();
    expect(memory.coolDown(NET, ot('tokyo'), 5000)).toBeNull();
  });

  it("a server's block does not cool its disguised routes", () => {
    const memory = new FailoverMemory();
    memory.recordSuccess(NET, wgc('osaka'), 0);
    memory.recordFailure(NET, wgc('tokyo'), 1000);
    memory.recordFailure(NET, ot('tokyo'), 2000);
    expect(memory.serverBlock(NET, 'tokyo', 3000)?.blockedUntil).toBe(2000 + 15 * MIN);
    expect(memory.coolDown(NET, ot('tokyo', 8443), 3000)).toMatchObject({ why: 'blocked' });
    expect(memory.coolDown(NET, ss(wgc('tokyo')), 3000)).toBeNull();
    expect(memory.coolDown(NET, ss(ot('tokyo')), 3000)).toBeNull();
  });

  it("a disguised route's success neither lifts its server's block nor proves the network for plain routes", () => {
    const memory = new FailoverMemory();
    memory.recordSuccess(NET, wgc('osaka'), 0);
    memory.recordFailure(NET, wgc('tokyo'), 1000);
    memory.recordFailure(NET, ot('tokyo'), 2000);
    memory.recordSuccess(NET, ss(wgc('tokyo')), 3000);
    expect(memory.serverBlock(NET, 'tokyo', 4000)).toBeDefined();

    // On a censored network only disguised routes work: plain failures there are the censor's, not blocks.
    const censored = new FailoverMemory();
    censored.recordSuccess(NET, ss(wgc('osaka')), 0);
    censored.recordFailure(NET, wgc('tokyo'), 1000);
    censored.recordFailure(NET, ot('tokyo'), 2000);
    expect(censored.serverBlock(NET, 'tokyo', 3000)).toBeUndefined();
  });

  it('remembers which disguise a network needed, only for a disguised route, until a plain route works', () => {
    const memory = new FailoverMemory();
    let changes = 0;
    memory.onChange(() => (changes += 1));
    memory.recordDisguiseNeeded(NET, wgc('tokyo'), 0);
    expect(memory.disguiseNeeded(NET, 0)).toBeUndefined();
    expect(changes).toBe(0);
    memory.recordDisguiseNeeded(NET, ss(wgc('tokyo'), 'ss-t'), 1000);
    expect(memory.disguiseNeeded(NET, 2000)).toEqual({ at: 1000, id: 'ss-t', kind: 'shadowsocks' });
    expect(memory.disguiseNeeded('office', 2000)).toBeUndefined();
    memory.clearDisguiseNeeded(NET);
    expect(memory.disguiseNeeded(NET, 2000)).toBeUndefined();
  });

  it('forgets the need after the success lifetime', () => {
    const memory = new FailoverMemory(undefined, { successTtlMs: 10 * MIN });
    memory.recordDisguiseNeeded(NET, ss(wgc('tokyo')), 0);
    expect(memory.disguiseNeeded(NET, 10 * MIN)).toBeDefined();
    expect(memory.disguiseNeeded(NET, 10 * MIN + 1)).toBeUndefined();
  });
});
