import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../core/events';
import { navigationFor, notificationRoute, systemNotificationSpec } from './notification-model';
import { shellText } from './shell-text';

const en = shellText('en');
const zh = shellText('zh-CN');

const notification = (patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  type: 'notification',
  at: '2030-01-01T00:00:00.000Z',
  title: 'Reconnected',
  body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
  kind: 'resolved',
  incidentId: 'inc-1',
  code: 'failover.resolved',
  params: {},
  ...patch,
});

describe('notificationRoute', () => {
  it('leaves the message to the window while it has the focus, and to the system otherwise', () => {
    expect(notificationRoute({ windowFocused: true, systemSupported: true })).toBe('in-app');
    expect(notificationRoute({ windowFocused: false, systemSupported: true })).toBe('system');
  });

  it('falls back to the window when the system cannot show notifications', () => {
    expect(notificationRoute({ windowFocused: false, systemSupported: false })).toBe('in-app');
  });
});

describe('systemNotificationSpec', () => {
  it('is silent for news Holdfast already handled and audible when the user should look', () => {
    expect(systemNotificationSpec(notification({ kind: 'resolved' }), en).silent).toBe(true);
    expect(systemNotificationSpec(notification({ kind: 'restored' }), en).silent).toBe(true);
    expect(systemNotificationSpec(notification({ kind: 'unresolved' }), en).silent).toBe(false);
    expect(systemNotificationSpec(notification({ kind: 'needs-user' }), en).silent).toBe(false);
  });

  it('keeps only what needs the user on screen until dismissed', () => {
    expect(systemNotificationSpec(notification({ kind: 'needs-user' }), en).urgency).toBe('critical');
    expect(systemNotificationSpec(notification({ kind: 'unresolved' }), en).urgency).toBe('normal');
  });

  it('carries the title and body, named after the app when the title is empty, and bounded', () => {
    expect(systemNotificationSpec(notification(), en)).toMatchObject({
      title: 'Reconnected',
      body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
    });
    expect(
      systemNotificationSpec(notification({ title: '  ', kind: 'new-kind' as NotificationEvent['kind'] }), en).title,
    ).toBe('Holdfast');
    const long = systemNotificationSpec(notification({ body: 'x'.repeat(1000) }), en).body;
    expect(long.length).toBe(300);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('systemNotificationSpec in the user language', () => {
  const switched = notification({
    title: 'Reconnected',
    body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
    code: 'failover.switched',
    params: { from: 'Tokyo 1', to: 'Osaka 2', transport: 'TCP 443', seconds: 3.1, detectedBy: 'no-answer' },
  });

  it('words the notification from the window tables by its code, in English', () => {
    expect(systemNotificationSpec(switched, en)).toMatchObject({
      title: 'Reconnected',
      body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
    });
  });

  it('and in Simplified Chinese, with nothing left in English but the server names', () => {
    const spec = systemNotificationSpec(switched, zh);
    expect(spec.title).toBe('已重新连接');
    expect(spec.body).toBe('Tokyo 1 停止响应；已在 3.1 秒内通过 Osaka 2（TCP 443）重新连接。');
  });

  it("keeps core's words for a code the tables do not know yet", () => {
    const spec = systemNotificationSpec(notification({ code: 'failover.something-new', body: 'Plain words.' }), zh);
    expect(spec.body).toBe('Plain words.');
  });
});

describe('navigationFor', () => {
  it('opens the incident the notification is about', () => {
    expect(navigationFor(notification(), 'now')).toEqual({
      type: 'navigate',
      at: 'now',
      view: 'incident',
      incidentId: 'inc-1',
    });
  });

  it('asks for nothing beyond the window when there is no incident', () => {
    expect(navigationFor(notification({ incidentId: null }), 'now')).toBeNull();
  });
});
