import { describe, expect, it } from 'vitest';
import type { ConnectionController } from '../connection/connection-controller';
import { HoldfastError } from '../errors';
import { EventHub } from '../events';
import type { ProfileStore } from '../profiles/profile-store';
import type { ConnectionOwnerPort } from '../system/owner/owner-port';
import type { OwnerClaimant } from '../system/owner/owner-record';
import { ConnectionOwnership } from './connection-ownership';

function setup(refuse = false) {
  const calls: string[] = [];
  const hub = new EventHub();
  let takenOver: ((by: OwnerClaimant) => Promise<void>) | undefined;
  const port: ConnectionOwnerPort = {
    claim: async ({ takeOver }) => {
      calls.push(`claim${takeOver ? ' take-over' : ''}`);
      if (refuse) throw new HoldfastError('connection-held', 'held by the app');
    },
    update: (server) => void calls.push(`update ${server}`),
    release: async () => void calls.push('release'),
    onTakenOver: (listener) => (takenOver = listener),
  };
  const state = { value: 'disconnected' };
  const emit = (s: string) =>
    hub.emit({ type: 'state', at: new Date(0).toISOString(), state: s as 'connected', profile: 'tokyo', reason: s });
  const controller = {
    start: async (id?: string) => {
      calls.push(`start ${id ?? ''}`);
      state.value = 'connecting';
      emit('connecting');
      return { state: 'connecting' };
    },
    disconnect: async (reason: string) => {
      calls.push(`disconnect: ${reason}`);
      state.value = 'disconnected';
      emit('disconnected');
      return { state: 'disconnected' };
    },
    snapshot: () => ({ state: state.value }),
  } as unknown as ConnectionController;
  const profiles = { get: async () => ({ name: 'Tokyo' }) } as unknown as ProfileStore;
  const ownership = new ConnectionOwnership(port, controller, hub, profiles);
  return { ownership, calls, takeOver: (by: OwnerClaimant) => takenOver?.(by) };
}

describe('ConnectionOwnership', () => {
  it('claims the machine before anything starts, names the server, and releases after the disconnect', async () => {
    const { ownership, calls, takeOver } = setup();
    await ownership.connect('tokyo', false);
    await expect.poll(() => calls).toContain('update Tokyo');
    expect(calls.slice(0, 2)).toEqual(['claim', 'start tokyo']);
    await takeOver({ client: 'cli', pid: 77, uid: 1000, holderPid: 78 });
    await expect.poll(() => calls.at(-1)).toBe('release');
    expect(calls).toContain("disconnect: `holdfast connect` (process 77) took this machine's connection over");
  });

  it('starts nothing when the machine is held by another session', async () => {
    const { ownership, calls } = setup(true);
    await expect(ownership.connect('tokyo', true)).rejects.toMatchObject({ code: 'connection-held' });
    expect(calls).toEqual(['claim take-over']);
  });
});
