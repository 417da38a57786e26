import { describe, expect, it, vi } from 'vitest';
import {
  ALLOWED_COMMANDS,
  ALLOWED_EVENTS,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  createHoldfastApi,
  type IpcRendererLike,
} from './bridge';
import { COMMAND_NAMES, EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type HoldfastApi } from './contract';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Records what the bridge does with ipcRenderer, and lets a test push messages from main. */
function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const invoke = vi.fn(async (channel: string, command: unknown, params: unknown) => ({
    ok: true,
    value: { channel, command, params },
  }));
  const ipc: IpcRendererLike = {
    invoke: invoke as IpcRendererLike['invoke'],
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const emit = (channel: string, payload: unknown) => {
    for (const l of [...(listeners.get(channel) ?? [])]) l({ sender: 'electron event object' }, payload);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, invoke, emit, count };
}

// The renderer is untyped JavaScript at run time: cast to call the API with names the types forbid.
const loose = (api: HoldfastApi) =>
  api as unknown as {
    invoke(command: unknown, params?: unknown): Promise<unknown>;
    on(event: unknown, listener: unknown): () => void;
  };

describe('preload name lists', () => {
  it('match the contract exactly, names and channels', () => {
    expect([...ALLOWED_COMMANDS].sort()).toEqual([...COMMAND_NAMES].sort());
    expect([...ALLOWED_EVENTS].sort()).toEqual([...EVENT_NAMES].sort());
    expect(INVOKE_CHANNEL).toBe(IPC_INVOKE_CHANNEL);
    expect(EVENT_CHANNEL).toBe(IPC_EVENT_CHANNEL);
  });
});

describe('createHoldfastApi', () => {
  it('exposes exactly invoke and on, frozen', () => {
    const api = createHoldfastApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards contract commands on the invoke channel with their params', async () => {
    const { ipc, invoke } = fakeIpc();
    const api = createHoldfastApi(ipc);
    await api.invoke('connection.connect', { profileId: 'p1' });
    await loose(api).invoke('profiles.list');
    expect(invoke.mock.calls).toEqual([
      [IPC_INVOKE_CHANNEL, 'connection.connect', { profileId: 'p1' }],
      [IPC_INVOKE_CHANNEL, 'profiles.list', {}],
    ]);
  });

  it('answers unknown commands locally without reaching main', async () => {
    const { ipc, invoke } = fakeIpc();
    const api = loose(createHoldfastApi(ipc));
    for (const name of ['shell.openExternal', 'constructor', '__proto__', 42, null]) {
      await expect(api.invoke(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-command' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses to subscribe to events outside the contract', () => {
    const { ipc, count } = fakeIpc();
    const api = loose(createHoldfastApi(ipc));
    expect(() => api.on('secrets', () => {})).toThrow(/Unknown event/);
    expect(() => api.on('state', 'not a function')).toThrow(TypeError);
    expect(count(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('delivers only the payload to listeners of that event type', () => {
    const { ipc, emit } = fakeIpc();
    const api = createHoldfastApi(ipc);
    const states: unknown[] = [];
    const logs: unknown[] = [];
    api.on('state', (e) => states.push(e));
    api.on('log', (e) => logs.push(e));
    const stateEvent = { type: 'state', at: 't', state: 'connected', profile: 'p', reason: 'r' };
    emit(IPC_EVENT_CHANNEL, stateEvent);
    emit(IPC_EVENT_CHANNEL, { type: 'not-in-contract', secret: 'x' });
    emit(IPC_EVENT_CHANNEL, null);
    emit('some-other-channel', { type: 'state' });
    expect(states).toEqual([stateEvent]);
    expect(logs).toEqual([]);
  });

  it('shares one IPC listener and removes it when the last subscriber leaves', () => {
    const { ipc, emit, count } = fakeIpc();
    const api = createHoldfastApi(ipc);
    const seen: string[] = [];
    const offs = Array.from({ length: 20 }, (_, i) => api.on('status', () => seen.push(`s${i}`)));
    const offLog = api.on('log', () => seen.push('log'));
    expect(count(IPC_EVENT_CHANNEL)).toBe(1);
    offs.forEach((off) => off());
    emit(IPC_EVENT_CHANNEL, { type: 'status' });
    expect(seen).toEqual([]);
    expect(count(IPC_EVENT_CHANNEL)).toBe(1);
    offLog();
    expect(count(IPC_EVENT_CHANNEL)).toBe(0);
    api.on('log', () => seen.push('again'));
    emit(IPC_EVENT_CHANNEL, { type: 'log' });
    expect(seen).toEqual(['again']);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, emit } = fakeIpc();
    const api = createHoldfastApi(ipc);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: string[] = [];
    api.on('log', () => {
      throw new Error('boom');
    });
    api.on('log', () => seen.push('second'));
    emit(IPC_EVENT_CHANNEL, { type: 'log' });
    expect(seen).toEqual(['second']);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });
});
