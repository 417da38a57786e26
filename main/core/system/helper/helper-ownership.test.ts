import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MachineOwnerLock } from '../owner/machine-owner-lock';
import type { OwnerClaimant } from '../owner/owner-record';
import { HelperOwnership } from './helper-ownership';

let dir: string;
const helpers: HelperOwnership[] = [];
let handOvers: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hf-helper-owner-'));
  handOvers = [];
});

afterEach(async () => {
  for (const h of helpers.splice(0)) await h.release();
  rmSync(dir, { recursive: true, force: true });
});

/** One helper process serving `uid`; all of them share the machine's lock directory. */
function helper(name: string, uid: number, abandoned: (holder: OwnerClaimant) => boolean = () => false) {
  const ownership = new HelperOwnership({
    lock: new MachineOwnerLock({ dir }),
    uid,
    // Every helper here is this test process: a live pid, so the record is believed.
    holderPid: process.pid,
    isAbandoned: async (holder) => abandoned(holder),
    onHandOver: async (by) => void handOvers.push(`${name} hands over to ${by.client} ${by.pid}`),
  });
  helpers.push(ownership);
  return ownership;
}

describe('HelperOwnership', () => {
  it("refuses another user's helper: no tunnel, no kill switch change, no take-over", async () => {
    const alice = helper('alice', 1000);
    await alice.claim({ kind: 'app', pid: 501 }, false);
    const bob = helper('bob', 1001);

    await expect(bob.requireOwner()).rejects.toMatchObject({
      code: 'connection-held',
      params: { client: 'app', pid: 501, uid: 1000 },
    });
    await expect(bob.claim({ kind: 'cli', pid: 601 }, true)).rejects.toMatchObject({
      code: 'connection-held',
      params: { reason: 'not-allowed' },
    });
    expect(handOvers).toEqual([]);
    expect(alice.holds).toBe(true);
  });

  it('lets the same user take over; the old session may then neither change nor lift the kill switch', async () => {
    const app = helper('app', 1000);
    await app.claim({ kind: 'app', pid: 501 }, false);
    expect(await app.clearDecision()).toBe('clear');
    const cli = helper('cli', 1000);
    await expect(cli.claim({ kind: 'cli', pid: 701 }, false)).rejects.toMatchObject({ code: 'connection-held' });

    await cli.claim({ kind: 'cli', pid: 701 }, true);
    expect(handOvers).toEqual(['app hands over to cli 701']);
    expect(cli.holds).toBe(true);
    await expect(app.requireOwner()).rejects.toThrow(/took this machine's connection over/);
    // Its disconnect leaves the rules to the new owner rather than opening the network.
    expect(await app.clearDecision()).toBe('leave');
  });

  it('keeps the machine through a hand-over until its tunnels are stopped, even if its app lets go meanwhile', async () => {
    let stopped: () => void = () => undefined;
    const stopping = new Promise<void>((resolve) => (stopped = resolve));
    const old = new HelperOwnership({
      lock: new MachineOwnerLock({ dir }),
      uid: 1000,
      holderPid: process.pid,
      isAbandoned: async () => false,
      onHandOver: async () => {
        handOvers.push('old stops its tunnels');
        await stopping;
      },
    });
    helpers.push(old);
    await old.claim({ kind: 'cli', pid: 501 }, false);
    const next = helper('next', 1000);
    const takeOver = next.claim({ kind: 'cli', pid: 701 }, true);
    await expect.poll(() => handOvers).toEqual(['old stops its tunnels']);
    expect(old.holds).toBe(false);
    await expect(old.requireOwner()).rejects.toMatchObject({ code: 'connection-held' });

    // Its app hears the tunnel exit and disconnects: the lock still waits for the tunnels to stop.
    let released = false;
    const letGo = old.release().then(() => (released = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(released).toBe(false);
    expect(await new MachineOwnerLock({ dir }).holder()).toMatchObject({ pid: 501 });
    // The helper exiting meanwhile lets go too: it returns only once the lock is free (then it may exit).
    const exiting = old.release();
    stopped();
    await exiting;
    expect(await new MachineOwnerLock({ dir }).holder()).not.toMatchObject({ pid: 501 });
    await Promise.all([takeOver, letGo]);
    expect(await new MachineOwnerLock({ dir }).holder()).toMatchObject({ pid: 701 });
  });

  it("refuses to lift a live session's kill switch from a helper that never held it", async () => {
    const owner = helper('owner', 1000);
    await owner.claim({ kind: 'cli', pid: 801 }, false);
    await expect(helper('other', 1001).clearDecision()).rejects.toMatchObject({ code: 'connection-held' });
    await owner.release();
    // Nobody holds the machine: rules still in place are a dead session's, which the user may lift.
    expect(await helper('recover', 1001).clearDecision()).toBe('clear');
  });

  it('replaces an abandoned session of the same user without being asked', async () => {
    const orphan = helper('orphan', 1000);
    await orphan.claim({ kind: 'app', pid: 901 }, false);
    const next = helper('next', 1000, (holder) => holder.pid === 901);
    await next.requireOwner();
    expect(handOvers).toEqual([expect.stringMatching(/^orphan hands over to app \d+$/)]);
    expect(next.holds).toBe(true);
    expect(next.replacedAbandoned(process.pid)).toBe(true);
    expect(next.replacedAbandoned(process.pid + 1)).toBe(false);
  });
});
