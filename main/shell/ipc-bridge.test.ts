import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type NavigateEvent } from '../../preload/contract';
import { EventHub, type CoreEvent } from '../core/events';
import {
  REFUSED_ENVELOPE,
  installIpcBridge,
  sendShellEvent,
  type InvokeEventLike,
  type WindowContentsLike,
} from './ipc-bridge';
import { fileRendererOrigin } from './renderer-origin';

const indexPath = path.resolve('/app/out/renderer/index.html');
const ourPage = pathToFileURL(indexPath).href;
const origin = fileRendererOrigin(indexPath);

function setup() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>) => {
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
  const dispatch = vi.fn(async (command: unknown, params: unknown) => ({
    ok: true as const,
    value: { command, params },
  }));
  const events = new EventHub();
  const sent: unknown[][] = [];
  const contents: WindowContentsLike & { url: string; destroyed: boolean } = {
    id: 1,
    url: ourPage,
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    getURL() {
      return this.url;
    },
    send: (...args: unknown[]) => sent.push(args),
  };
  const refused: string[] = [];
  const remove = installIpcBridge({
    ipcMain,
    dispatcher: { dispatch },
    events,
    origin,
    contents: () => contents,
    onRefused: (why) => refused.push(why),
  });
  const invoke = (event: InvokeEventLike, command: unknown, params: unknown) => {
    const handler = handlers.get(IPC_INVOKE_CHANNEL);
    if (!handler) throw new Error('no handler installed');
    return handler(event, command, params);
  };
  return { invoke, dispatch, events, sent, contents, refused, remove, handlers };
}

const fromOurWindow = (): InvokeEventLike => ({ sender: { id: 1 }, senderFrame: { url: ourPage } });

describe('installIpcBridge: commands', () => {
  it('dispatches commands from our window', async () => {
    const { invoke, dispatch } = setup();
    await expect(invoke(fromOurWindow(), 'profiles.list', {})).resolves.toEqual({
      ok: true,
      value: { command: 'profiles.list', params: {} },
    });
    expect(dispatch).toHaveBeenCalledOnce();
  });

  it('refuses other web contents, foreign frames and disposed frames without dispatching', async () => {
    const { invoke, dispatch, refused } = setup();
    const disposed: InvokeEventLike = {
      sender: { id: 1 },
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const attempts: InvokeEventLike[] = [
      { sender: { id: 2 }, senderFrame: { url: ourPage } },
      { sender: { id: 1 }, senderFrame: { url: 'https://example.com/' } },
      { sender: { id: 1 }, senderFrame: null },
      disposed,
    ];
    for (const event of attempts) {
      await expect(invoke(event, 'connection.disconnect', {})).resolves.toEqual(REFUSED_ENVELOPE);
    }
    expect(dispatch).not.toHaveBeenCalled();
    expect(refused).toHaveLength(4);
  });

  it('refuses everything once our window is destroyed', async () => {
    const { invoke, dispatch, contents } = setup();
    contents.destroyed = true;
    await expect(invoke(fromOurWindow(), 'app.info', {})).resolves.toEqual(REFUSED_ENVELOPE);
    expect(dispatch).not.toHaveBeenCalled();
  });
});

describe('installIpcBridge: events', () => {
  const state: CoreEvent = { type: 'state', at: 't', state: 'connected', profile: 'p', reason: 'handshake' };

  it('forwards contract events to our page', () => {
    const { events, sent } = setup();
    events.emit(state);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, state]]);
  });

  it('forwards the credentials prompt and the resilience events, so the window can answer them', () => {
    const { events, sent } = setup();
    const resilience: CoreEvent[] = [
      {
        type: 'credentials-request',
        at: 't',
        requestId: 'r1',
        profile: 'p',
        profileName: 'Work',
        previousFailed: false,
      },
      { type: 'drop', at: 't', profile: 'p', reason: 'no data', detectedAfterMs: 4000 },
      { type: 'failover', at: 't', from: 'Tokyo 1', to: 'Osaka 2', reason: 'no data' },
      {
        type: 'notification',
        at: 't',
        title: 'Reconnected',
        body: 'Tokyo 1 stopped answering',
        kind: 'resolved',
        incidentId: 'i1',
        code: 'failover.resolved',
        params: {},
      },
    ];
    for (const event of resilience) events.emit(event);
    expect(sent.map(([, event]) => (event as CoreEvent).type)).toEqual([
      'credentials-request',
      'drop',
      'failover',
      'notification',
    ]);
  });

  it('forwards nothing outside the contract', () => {
    const { events, sent } = setup();
    events.emit({ type: 'internal-debug', secret: 'k' } as unknown as CoreEvent);
    expect(sent).toEqual([]);
  });

  it("does not let core pass off an event as one of the shell's own", () => {
    const { events, sent } = setup();
    events.emit({ type: 'navigate', at: 't', view: 'incident', incidentId: 'i1' } as unknown as CoreEvent);
    expect(sent).toEqual([]);
  });

  it("sends the shell's own events to our page only", () => {
    const { contents, sent } = setup();
    const navigate: NavigateEvent = { type: 'navigate', at: 't', view: 'incident', incidentId: 'i1' };
    expect(sendShellEvent(contents, origin, navigate)).toBe(true);
    contents.url = 'https://example.com/';
    expect(sendShellEvent(contents, origin, navigate)).toBe(false);
    expect(sendShellEvent(null, origin, navigate)).toBe(false);
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, navigate]]);
  });

  it('sends nothing to a destroyed window or one showing another page', () => {
    const { events, sent, contents } = setup();
    contents.url = 'https://example.com/';
    events.emit(state);
    contents.url = ourPage;
    contents.destroyed = true;
    events.emit(state);
    expect(sent).toEqual([]);
  });

  it('removes the handler and the subscription when uninstalled', () => {
    const { events, sent, remove, handlers } = setup();
    remove();
    events.emit(state);
    expect(sent).toEqual([]);
    expect(handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
  });
});
