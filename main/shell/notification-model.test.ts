import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../core/events';
import { navigationFor, notificationRoute, systemNotificationSpec } from './notification-model';

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
    expect(systemNotificationSpec(notification({ kind: 'resolved' })).silent).toBe(true);
    expect(systemNotificationSpec(notification({ kind: 'restored' })).silent).toBe(true);
    expect(systemNotificationSpec(notification({ kind: 'unresolved' })).silent).toBe(false);
    expect(systemNotificationSpec(notification({ kind: 'needs-user' })).silent).toBe(false);
  });

  it('keeps only what needs the user on screen until dismissed', () => {
    expect(systemNotificationSpec(notification({ kind: 'needs-user' })).urgency).toBe('critical');
    expect(systemNotificationSpec(notification({ kind: 'unresolved' })).urgency).toBe('normal');
  });

  it('carries the title and body, named after the app when the title is empty, and bounded', () => {
    expect(systemNotificationSpec(notification())).toMatchObject({
      title: 'Reconnected',
      body: 'Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s.',
    });
    expect(systemNotificationSpec(notification({ title: '  ' })).title).toBe('Holdfast');
    const long = systemNotificationSpec(notification({ body: 'x'.repeat(1000) })).body;
    expect(long.length).toBe(300);
    expect(long.endsWith('…')).toBe(true);
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
