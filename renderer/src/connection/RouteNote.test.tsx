import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateEvent } from '../../../main/core/events';
import type { DisguisedRoute, DisguiseInUse } from '../../../main/core/disguise/disguised-route';
import { apiOnTokyo } from '../test/connection-fixtures';
import { renderWithStore } from '../test/render-app';
import { ConnectionCard } from './ConnectionCard';

afterEach(cleanup);

const SHADOWSOCKS: DisguiseInUse = {
  id: 'd-ss',
  kind: 'shadowsocks',
  detail: 'aes-256-gcm',
  server: '203.0.113.5:8388',
};

const state = (patch: Partial<StateEvent>): StateEvent => ({
  type: 'state',
  at: '2030-01-01T00:00:05.000Z',
  state: 'connected',
  profile: 'p-tokyo',
  reason: 'data flows both ways through Tokyo 1',
  ...patch,
});

/** The card while connecting to Tokyo 1; the engine then reports `connected`, through `route` when given. */
async function connectThrough(route: DisguisedRoute | undefined, language: 'en' | 'zh-CN' = 'en') {
  const api = apiOnTokyo({ state: 'connecting' });
  const rendered = await renderWithStore(<ConnectionCard />, { api, language });
  act(() => api.emit(state(route ? { route } : {})));
  return rendered;
}

const note = () => screen.queryByTestId('route-note');

describe('the disguised route on the connection card', () => {
  it.each([
    ['blocked', 'This network blocks VPN protocols; connected through a disguised route (Shadowsocks).'],
    ['remembered', 'This network needed a disguise before; connected through a disguised route (Shadowsocks).'],
    ['always', 'Connected through a disguised route (Shadowsocks), as set in Settings.'],
  ] as const)('says why the route is disguised (%s)', async (why, words) => {
    await connectThrough({ disguise: SHADOWSOCKS, why });
    expect(screen.getByTestId('connection-state').textContent).toBe('Connected');
    expect(note()?.textContent).toBe(words);
    expect(note()?.dataset.why).toBe(why);
  });

  it.each([
    ['blocked', '此网络屏蔽 VPN 协议；已通过伪装线路（TLS）连接。'],
    ['remembered', '此网络之前需要伪装；已通过伪装线路（TLS）连接。'],
    ['always', '已按设置通过伪装线路（TLS）连接。'],
  ] as const)('says it in Simplified Chinese (%s)', async (why, words) => {
    const tls: DisguiseInUse = { id: 'd-tls', kind: 'tls', detail: 'www.example.org', server: '203.0.113.6:443' };
    await connectThrough({ disguise: tls, why }, 'zh-CN');
    expect(note()?.textContent).toBe(words);
  });

  it('says nothing on a plain route, nor while the connection is being worked on', async () => {
    const { api } = await connectThrough(undefined);
    expect(note()).toBeNull();
    act(() => api.emit(state({ route: { disguise: SHADOWSOCKS, why: 'blocked' }, at: '2030-01-01T00:00:06.000Z' })));
    expect(note()).not.toBeNull();
    act(() => api.emit(state({ state: 'reconnecting', reason: 'no answer', at: '2030-01-01T00:00:07.000Z' })));
    expect(note()).toBeNull();
    // Back on a plain route: the disguise of the earlier connection is not claimed for this one.
    act(() => api.emit(state({ at: '2030-01-01T00:00:08.000Z' })));
    expect(screen.getByTestId('connection-state').textContent).toBe('Connected');
    expect(note()).toBeNull();
  });

  it('shows the route of a connection the window opened on, from the snapshot', async () => {
    const api = apiOnTokyo({ state: 'connected', route: { disguise: SHADOWSOCKS, why: 'remembered' } });
    await renderWithStore(<ConnectionCard />, { api });
    expect(note()?.textContent).toBe(
      'This network needed a disguise before; connected through a disguised route (Shadowsocks).',
    );
  });
});
