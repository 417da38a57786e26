import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HandOverHandler, MachineOwnerLock, mayTakeOverFrom, type OwnerLease } from './machine-owner-lock';
import type { OwnerClaimant } from './owner-record';

let dir: string;
const leases: OwnerLease[] = [];
const app: OwnerClaimant = { client: 'app', pid: 4101, uid: 1000, holderPid: process.pid, server: 'Tokyo' };
const cli: OwnerClaimant = { client: 'cli', pid: 4201, uid: 1000, holderPid: process.pid };
const stranger: OwnerClaimant = { client: 'cli', pid: 4301, uid: 1001, holderPid: 4302 };
const noHandOver: HandOverHandler = async () => undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hf-owner-'));
});

afterEach(async () => {
  for (const lease of leases.splice(0)) await lease.release();
  rmSync(dir, { recursive: true, force: true });
});

async function claimOk(lock: MachineOwnerLock, who: OwnerClaimant, onHandOver = noHandOver): Promise<OwnerLease> {
  const result = await lock.claim(who, { onHandOver });
  if (!result.ok) throw new Error(`expected the lock, got ${result.reason}`);
  leases.push(result.lease);
  return result.lease;
}

describe('MachineOwnerLock', () => {
  it('gives the connection to one claimant and tells the next who holds it', async () => {
    const first = await claimOk(new MachineOwnerLock({ dir }), app);
    expect(statSync(path.join(dir, 'owner.lock')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'owner.json')).mode & 0o777).toBe(0o644);
    expect(statSync(path.join(dir, 'owner.sock')).mode & 0o777).toBe(0o600);

    const second = await new MachineOwnerLock({ dir }).claim(cli, { onHandOver: noHandOver });
    expect(second).toMatchObject({ ok: false, reason: 'held', holder: { client: 'app', pid: 4101, server: 'Tokyo' } });
    expect(await new MachineOwnerLock({ dir }).holder()).toMatchObject({ pid: 4101, since: first.record.since });
  });

  it('frees the machine on release and leaves only the empty lock file', async () => {
    const first = await claimOk(new MachineOwnerLock({ dir }), app);
    await first.update({ server: 'Osaka' });
    expect(JSON.parse(readFileSync(path.join(dir, 'owner.json'), 'utf8'))).toMatchObject({ server: 'Osaka' });
    await first.release();
    expect(existsSync(path.join(dir, 'owner.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'owner.sock'))).toBe(false);
    expect(await new MachineOwnerLock({ dir }).holder()).toBeNull();
    await claimOk(new MachineOwnerLock({ dir }), cli);
  });

  it('lets every caller of release wait until the machine is free', async () => {
    const lease = await claimOk(new MachineOwnerLock({ dir }), app);
    void lease.release();
    // A second caller (a helper exiting while its hand-over releases) returns only once the lock is free.
    await lease.release();
    await claimOk(new MachineOwnerLock({ dir }), cli);
  });
  it('hands over to the same user on request: the holder stops first, then the claimant holds', async () => {
    const order: string[] = [];
    const first = await claimOk(new MachineOwnerLock({ dir }), app, async (by) => {
      order.push(`app stops for ${by.client} ${by.pid}`);
    });
    const result = await new MachineOwnerLock({ dir }).claim(cli, { takeOver: true, onHandOver: noHandOver });
    expect(result.ok).toBe(true);
    if (result.ok) leases.push(result.lease);
    expect(order).toEqual(['app stops for cli 4201']);
    expect(first.released).toBe(true);
    expect(await new MachineOwnerLock({ dir }).holder()).toMatchObject({ client: 'cli', pid: 4201 });
  });

  it('refuses a second hand-over while one is under way, and says so', async () => {
    let finish: () => void = () => undefined;
    const stopping = new Promise<void>((resolve) => (finish = resolve));
    await claimOk(new MachineOwnerLock({ dir }), app, () => stopping);
    const first = new MachineOwnerLock({ dir }).claim(cli, { takeOver: true, onHandOver: noHandOver });
    // The holder is busy stopping its tunnels for the first asker.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await new MachineOwnerLock({ dir }).claim(cli, { takeOver: true, onHandOver: noHandOver });
    expect(second).toMatchObject({
      ok: false,
      reason: 'hand-over-failed',
      detail: 'it refused: a hand-over is already under way',
    });
    finish();
    const won = await first;
    expect(won.ok).toBe(true);
    if (won.ok) leases.push(won.lease);
  });

  it("refuses to take another user's connection over, and the holder keeps it", async () => {
    const handed: string[] = [];
    const first = await claimOk(new MachineOwnerLock({ dir }), app, async () => void handed.push('asked'));
    const result = await new MachineOwnerLock({ dir }).claim(stranger, { takeOver: true, onHandOver: noHandOver });
    expect(result).toMatchObject({ ok: false, reason: 'not-allowed', holder: { uid: 1000 } });
    expect(handed).toEqual([]);
    expect(first.released).toBe(false);
  });

  it('takes over without being asked only when the caller judges the holder abandoned', async () => {
    await claimOk(new MachineOwnerLock({ dir }), app);
    const judged: number[] = [];
    const result = await new MachineOwnerLock({ dir }).claim(cli, {
      mayTakeOver: (holder) => {
        judged.push(holder.pid);
        return holder.pid === 4101;
      },
      onHandOver: noHandOver,
    });
    expect(judged).toEqual([4101]);
    expect(result.ok).toBe(true);
    if (result.ok) leases.push(result.lease);
  });

  it('is free again as soon as the process holding the lock is gone (no stale lock)', async () => {
    // Stand-in for a holder killed with SIGKILL: its flock ends with it, its record stays behind.
    const holder = spawn('flock', ['--close', path.join(dir, 'owner.lock'), 'sleep', '30'], { stdio: 'ignore' });
    const lock = new MachineOwnerLock({ dir });
    await expect.poll(async () => (await lock.claim(cli, { onHandOver: noHandOver })).ok).toBe(false);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    await claimOk(lock, cli);
  });

  it('does not believe a record whose holder has gone', async () => {
    const lease = await claimOk(new MachineOwnerLock({ dir }), { ...app, holderPid: 2 ** 22 + 1 });
    expect(await new MachineOwnerLock({ dir }).holder()).toBeNull();
    await lease.release();
  });

  it('lets a user take over their own connection, and root any', () => {
    expect(mayTakeOverFrom({ uid: 1000 }, { uid: 1000 })).toBe(true);
    expect(mayTakeOverFrom({ uid: 0 }, { uid: 1000 })).toBe(true);
    expect(mayTakeOverFrom({ uid: 1001 }, { uid: 1000 })).toBe(false);
  });
});
