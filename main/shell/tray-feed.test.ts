import { describe, expect, it } from 'vitest';
import { initialSnapshot, type ConnectionSnapshot } from '../core/connection/state';
import { EventHub } from '../core/events';
import { createTrayFeed } from './tray-feed';
import type { TrayInput } from './tray-model';

function setup(profiles: { id: string; name: string }[]) {
  let snapshot: ConnectionSnapshot = initialSnapshot('2024-01-01T00:00:00.000Z');
  const events = new EventHub();
  const updates: TrayInput[] = [];
  const source = {
    snapshot: () => snapshot,
    events,
    dispatcher: {
      dispatch: async (command: unknown) =>
        command === 'profiles.list' ? { ok: true as const, value: profiles } : { ok: true as const, value: null },
    },
  };
  const feed = createTrayFeed(source, (input) => updates.push(input));
  const setState = (patch: Partial<ConnectionSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    events.emit({ type: 'state', at: 't', state: snapshot.state, profile: snapshot.profileName, reason: 'test' });
  };
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { feed, updates, setState, events, profiles, flush };
}

describe('createTrayFeed', () => {
  it('starts from the snapshot and the profile list', async () => {
    const { feed } = setup([{ id: 'a', name: 'Tokyo 1' }]);
    expect(await feed.start()).toEqual({ state: 'disconnected', profileName: null, hasProfiles: true });
    expect(feed.connectParams()).toEqual({});
  });

  it('follows state events and remembers the last profile for the next Connect', async () => {
    const { feed, updates, setState } = setup([{ id: 'a', name: 'Tokyo 1' }]);
    await feed.start();
    setState({ state: 'connected', profileId: 'a', profileName: 'Tokyo 1' });
    setState({ state: 'disconnected', profileId: null, profileName: null });
    expect(updates.map((u) => u.state)).toEqual(['connected', 'disconnected']);
    expect(updates[1]!.profileName).toBe('Tokyo 1');
    expect(feed.connectParams()).toEqual({ profileId: 'a' });
  });

  it('forgets a removed profile and notices when none are left', async () => {
    const { feed, updates, setState, events, profiles, flush } = setup([{ id: 'a', name: 'Tokyo 1' }]);
    await feed.start();
    setState({ state: 'connected', profileId: 'a', profileName: 'Tokyo 1' });
    setState({ state: 'disconnected', profileId: null, profileName: null });
    profiles.length = 0;
    events.emit({ type: 'profiles-changed', at: 't' });
    await flush();
    expect(updates.at(-1)).toEqual({ state: 'disconnected', profileName: null, hasProfiles: false });
    expect(feed.connectParams()).toEqual({});
  });

  it('stops listening when stopped', async () => {
    const { feed, updates, setState } = setup([]);
    await feed.start();
    feed.stop();
    setState({ state: 'connecting' });
    expect(updates).toEqual([]);
  });
});
