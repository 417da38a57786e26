import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KillSwitchPolicy } from '../../security/killswitch/policy';
import { MachineOwnerLock } from './machine-owner-lock';
import { LocalConnectionOwner, servedUid } from './owner-port';

let dir: string;
let calls: string[];
const owners: LocalConnectionOwner[] = [];
const policy = {} as KillSwitchPolicy;
const inner = {
  apply: async () => void calls.push('apply'),
  clear: async () => void calls.push('clear'),
  isActive: async () => true,
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hf-owner-port-'));
  calls = [];
});
afterEach(async () => {
  for (const o of owners.splice(0)) await o.release();
  rmSync(dir, { recursive: true, force: true });
});

function owner(uid: number, pid: number): LocalConnectionOwner {
  const o = new LocalConnectionOwner(
    { client: 'cli', pid, uid, holderPid: process.pid },
    new MachineOwnerLock({ dir }),
  );
  owners.push(o);
  return o;
}

describe('LocalConnectionOwner', () => {
  it('never lifts or replaces the kill switch of a session that holds the machine (recover from another folder)', async () => {
    const running = owner(1000, 11);
    await running.claim({ takeOver: false });
    const recover = owner(1001, 12).guardKillSwitch(inner);
    await expect(recover.clear()).rejects.toMatchObject({ code: 'connection-held', params: { pid: 11 } });
    await expect(recover.apply(policy)).rejects.toMatchObject({ code: 'connection-held' });
    expect(calls).toEqual([]);
    await running.release();
    await recover.clear();
    expect(calls).toEqual(['clear']);
  });

  it('after a take-over, leaves the rules to the new owner and changes nothing more', async () => {
    const first = owner(1000, 21);
    const stopped: string[] = [];
    first.onTakenOver(async (by) => void stopped.push(`${by.client} ${by.pid}`));
    await first.claim({ takeOver: false });
    const guarded = first.guardKillSwitch(inner);
    await guarded.apply(policy);
    await owner(1000, 22).claim({ takeOver: true });
    expect(stopped).toEqual(['cli 22']);
    await guarded.clear();
    await expect(guarded.apply(policy)).rejects.toMatchObject({ code: 'connection-held' });
    expect(calls).toEqual(['apply']);
  });

  it('serves the user who ran sudo', () => {
    expect(servedUid({ SUDO_UID: '1000' }, 0)).toBe(1000);
    expect(servedUid({}, 0)).toBe(0);
    expect(servedUid({ SUDO_UID: '0' }, 1000)).toBe(1000);
  });
});
