import { describe, expect, it } from 'vitest';
import { initialSnapshot, type ConnectionSnapshot, type ConnectionState } from '../core/connection/state';
import { EventHub, type NotificationEvent } from '../core/events';
import type { Envelope } from '../../preload/contract';
import { createTrayFeed, killSwitchEnabled } from './tray-feed';
import type { TrayInput } from './tray-model';

function setup(profiles: { id: string; name: string }[], options: { killSwitch?: boolean; blocked?: boolean } = {}) {
  let snapshot: ConnectionSnapshot = initialSnapshot('2024-01-01T00:00:00.000Z');
  const events = new EventHub();
  const updates: TrayInput[] = [];
  const recovery = { blocked: options.blocked ?? false, fails: false };
  let settings: unknown = options.killSwitch === undefined ? {} : { killSwitch: { enabled: options.killSwitch } };
  const source = {
    snapshot: () => snapshot,
    events,
    settings: { get: () => settings },
    dispatcher: {
      dispatch: async (command: unknown): Promise<Envelope<unknown>> => {
        if (command === 'profiles.list') return { ok: true, value: profiles };
        if (command === 'recovery.status') {
          return recovery.fails
            ? { ok: false, error: { code: 'internal', message: 'nft failed' } }
            : { ok: true, value: { blocked: recovery.blocked, detail: null } };
        }
        return { ok: true, value: null };
      },
    },
  };
  const feed = createTrayFeed(source, (input) => updates.push(input));
  const setState = (patch: Partial<ConnectionSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    events.emit({ type: 'state', at: 't', state: snapshot.state, profile: snapshot.profileName, reason: 'test' });
  };
  const notify = (kind: string) => {
    const event: NotificationEvent = {
      type: 'notification',
      at: 't',
      title: 'x',
      body: 'y',
      kind,
      incidentId: 'i',
      code: `failover.${kind}`,
      params: {},
    };
    events.emit(event);
  };
  const setSettings = (value: unknown) => (settings = value);
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { feed, updates, setState, notify, events, profiles, recovery, setSettings, flush };
}

const base = { killSwitch: false, unreachable: false, leftoverBlock: false, servers: [] };

describe('createTrayFeed', () => {
  it('starts from the snapshot, the profile list and the recovery status', async () => {
    const { feed } = setup([{ id: 'a', name: 'Tokyo 1' }]);
    expect(await feed.start()).toEqual({ state: 'disconnected', profileName: null, hasProfiles: true, ...base });
    expect(feed.connectParams()).toEqual({});
  });

  it('follows state events and remembers the last profile for the next Connect', async () => {
    const { feed, updates, setState } = setup([{ id: 'a', name: 'Tokyo 1' }]);
    await feed.start();
    setState({ state: 'connected', profileId: 'a', profileName: 'Tokyo 1' });
    setState({ state: 'disconnected', profileId: null, profileName: null });
    expect(updates.map((u) => u.state).slice(0, 2)).toEqual(['connected', 'disconnected']);
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
    expect(updates.at(-1)).toEqual({ state: 'disconnected', profileName: null, hasProfiles: false, ...base });
    expect(feed.connectParams()).toEqual({});
  });

  it('reads the kill switch from core settings on every update, absent meaning off', async () => {
    const { feed, updates, setSettings } = setup([], { killSwitch: true });
    expect((await feed.start()).killSwitch).toBe(true);
    setSettings({ killSwitch: { enabled: false } });
    feed.refresh();
    expect(updates.at(-1)!.killSwitch).toBe(false);
    expect(killSwitchEnabled({ ui: {} })).toBe(false);
    expect(killSwitchEnabled(undefined)).toBe(false);
    expect(killSwitchEnabled({ killSwitch: { enabled: 'yes' } })).toBe(false);
  });

  it('marks an outage unreachable when core says so, until it resolves or ends', async () => {
    const { feed, updates, setState, notify } = setup([{ id: 'a', name: 'Tokyo 1' }], { killSwitch: true });
    await feed.start();
    const last = () => updates.at(-1)!;
    const go = (state: ConnectionState) => setState({ state, profileId: 'a', profileName: 'Tokyo 1' });

    go('failing-over');
    expect(last().unreachable).toBe(false);
    notify('unresolved');
    expect(last()).toMatchObject({ state: 'failing-over', unreachable: true, killSwitch: true });
    notify('restored');
    expect(last().unreachable).toBe(false);

    notify('unresolved');
    go('connected');
    expect(last().unreachable).toBe(false);

    go('reconnecting');
    notify('unresolved');
    go('failed');
    expect(last().unreachable).toBe(false);

    const count = updates.length;
    notify('something-else');
    expect(updates).toHaveLength(count);
  });

  it('shows a leftover block from a previous session and asks again after connecting or on demand', async () => {
    const { feed, updates, setState, recovery, flush } = setup([{ id: 'a', name: 'Tokyo 1' }], { blocked: true });
    expect((await feed.start()).leftoverBlock).toBe(true);

    recovery.blocked = false;
    setState({ state: 'connected', profileId: 'a', profileName: 'Tokyo 1' });
    await flush();
    expect(updates.at(-1)!.leftoverBlock).toBe(false);

    recovery.blocked = true;
    await feed.refreshRecovery();
    expect(updates.at(-1)!.leftoverBlock).toBe(true);

    // A status core cannot read keeps what was known instead of guessing "unblocked".
    recovery.fails = true;
    await feed.refreshRecovery();
    expect(updates.at(-1)!.leftoverBlock).toBe(true);
  });

  it('stops listening when stopped', async () => {
    const { feed, updates, setState } = setup([]);
    await feed.start();
    feed.stop();
    setState({ state: 'connecting' });
    expect(updates).toEqual([]);
  });
});
