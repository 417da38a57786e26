import { describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { FakeHoldfast, snapshot } from '../test/fake-holdfast';
import { bindEvents, createAppStore, loadAll } from './index';
import { memoryPrefs } from './prefs';

const profile = (id: string, name = id): ProfileSummary => ({
  id,
  name,
  kind: 'wireguard',
  sourceFile: `${id}.conf`,
  importedAt: '2030-01-01T00:00:00.000Z',
  endpoints: ['198.51.100.7:51820'],
  warnings: [],
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function setup(api = new FakeHoldfast()) {
  const store = createAppStore({ api, prefs: memoryPrefs() });
  const unbind = bindEvents(store, api);
  await loadAll(store);
  return { api, store, unbind };
}

describe('app store', () => {
  it('loads info, profiles and the connection on start', async () => {
    const api = new FakeHoldfast().respond('profiles.list', [profile('a')]);
    const { store } = await setup(api);
    expect(store.getState().info?.version).toBe('1.2.3');
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['a']);
    expect(api.callsOf('connection.snapshot')).toHaveLength(1);
  });

  it('connects with the selected profile, else the first', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [profile('a'), profile('b')])
      .respond(
        'connection.connect',
        snapshot({ state: 'connected', profileId: 'a', since: '2030-01-01T00:00:05.000Z' }),
      );
    const { store } = await setup(api);
    await store.getState().connect();
    store.getState().selectProfile('b');
    await store.getState().connect();
    expect(api.callsOf('connection.connect')).toEqual([{ profileId: 'a' }, { profileId: 'b' }]);
  });

  it('keeps a failed command as an error payload and clears it on the next try', async () => {
    const api = new FakeHoldfast()
      .respond('profiles.list', [profile('a')])
      .fail('connection.connect', { code: 'not-privileged', message: 'needs root' });
    const { store } = await setup(api);
    await store.getState().connect();
    expect(store.getState().commandError?.code).toBe('not-privileged');
    expect(store.getState().pending).toBeNull();
    api.respond('connection.connect', snapshot({ state: 'connecting', since: '2030-01-01T00:00:07.000Z' }));
    await store.getState().connect();
    expect(store.getState().commandError).toBeNull();
  });

  it('folds pushed state and status events', async () => {
    const { api, store } = await setup();
    api.emit({ type: 'state', at: '2030-01-01T00:00:01.000Z', state: 'connected', profile: 'Tokyo 1', reason: 'ok' });
    api.emit({
      type: 'status',
      at: '2030-01-01T00:00:02.000Z',
      profile: 'Tokyo 1',
      interfaceName: 'hf0',
      tunnelAddresses: [],
      rxBytes: 100,
      txBytes: 50,
      uptimeMs: 1000,
    });
    const view = store.getState().connection;
    expect(view.state).toBe('connected');
    expect(view.live?.rxBytes).toBe(100);
  });

  it('folds the disguised route from the connected event and the snapshot, and drops it on disconnect', async () => {
    const route = {
      disguise: { id: 'd-ss', kind: 'shadowsocks', detail: 'aes-256-gcm', server: '203.0.113.5:8388' },
      why: 'blocked',
    } as const;
    const api = new FakeHoldfast();
    const { store } = await setup(api);
    const at = '2030-01-01T00:00:01.000Z';
    // The snapshot read just after the event may not carry the route yet: what the event said stays.
    api.respond('connection.snapshot', snapshot({ state: 'connected', profileId: 'a', since: at, route: null }));
    api.emit({ type: 'state', at, state: 'connected', profile: 'a', reason: 'ok', route });
    expect(store.getState().connection.route).toEqual(route);
    await flush();
    expect(api.callsOf('connection.snapshot').length).toBeGreaterThan(1);
    expect(store.getState().connection.route).toEqual(route);

    // A window that opens on a disguised connection learns the route from the snapshot alone.
    const fresh = await setup(
      new FakeHoldfast().respond(
        'connection.snapshot',
        snapshot({ state: 'connected', profileId: 'a', since: at, route }),
      ),
    );
    expect(fresh.store.getState().connection.route).toEqual(route);

    api.respond('connection.snapshot', snapshot({ since: '2030-01-01T00:00:09.000Z' }));
    api.emit({ type: 'state', at: '2030-01-01T00:00:09.000Z', state: 'disconnected', profile: null, reason: 'bye' });
    expect(store.getState().connection.route).toBeNull();
  });

  it('reloads the profile list when main says profiles changed', async () => {
    const { api, store } = await setup();
    api.respond('profiles.list', [profile('new')]);
    api.emit({ type: 'profiles-changed', at: '2030-01-01T00:00:01.000Z' });
    await flush();
    expect(store.getState().profiles.map((p) => p.id)).toEqual(['new']);
  });

  it('forgets a selection whose profile was removed', async () => {
    const api = new FakeHoldfast().respond('profiles.list', [profile('a'), profile('b')]);
    const { store } = await setup(api);
    store.getState().selectProfile('b');
    api.respond('profiles.list', [profile('a')]);
    await store.getState().refreshProfiles();
    expect(store.getState().selectedProfileId).toBeNull();
  });

  it('hides the folder picker when main does not offer it', async () => {
    const { store } = await setup();
    await store.getState().importFolder();
    expect(store.getState().folderImportAvailable).toBe(false);
    expect(store.getState().importError).toBeNull();
  });

  it('stops listening when unbound', async () => {
    const { api, unbind } = await setup();
    expect(api.listenerCount('state')).toBe(1);
    unbind();
    expect(api.listenerCount('state')).toBe(0);
  });

  it('remembers display preferences', () => {
    const prefs = memoryPrefs({ theme: 'dark' });
    const store = createAppStore({ api: new FakeHoldfast(), prefs });
    expect(store.getState().prefs).toEqual({ language: 'system', theme: 'dark' });
    store.getState().setLanguage('zh-CN');
    expect(prefs.saved).toEqual({ language: 'zh-CN', theme: 'dark' });
  });

  it('tells the engine the language too, so the tray and notifications follow the window', () => {
    const api = new FakeHoldfast();
    const store = createAppStore({ api, prefs: memoryPrefs() });
    store.getState().setLanguage('zh-CN');
    expect(api.callsOf('settings.set')).toEqual([{ key: 'ui.language', value: 'zh-CN' }]);
  });
});
