import { describe, expect, it } from 'vitest';
import type { NavigateEvent } from '../../preload/contract';
import { EventHub, type NotificationEvent } from '../core/events';
import type { SystemNotificationSpec } from './notification-model';
import type { Language } from '../../renderer/src/i18n/languages';
import { shellText } from './shell-text';
import { installSystemNotifications, type NotificationLike } from './system-notifications';

class FakeNotification implements NotificationLike {
  readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  shown = 0;
  constructor(readonly spec: SystemNotificationSpec) {}
  on(event: string, listener: (...args: unknown[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  show(): void {
    this.shown++;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

const notification = (patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  type: 'notification',
  at: '2030-01-01T00:00:00.000Z',
  title: 'No server is reachable',
  body: 'Holdfast keeps trying; traffic stays blocked.',
  kind: 'unresolved',
  incidentId: 'inc-7',
  code: 'failover.unresolved',
  params: {},
  ...patch,
});

function setup(options: { focused?: boolean; supported?: boolean } = {}) {
  let language: Language = 'en';
  const events = new EventHub();
  const created: FakeNotification[] = [];
  const opened: (NavigateEvent | null)[] = [];
  const logged: string[] = [];
  let focused = options.focused ?? false;
  const uninstall = installSystemNotifications({
    events,
    supported: options.supported ?? true,
    windowFocused: () => focused,
    create: (spec) => {
      const n = new FakeNotification(spec);
      created.push(n);
      return n;
    },
    open: (navigation) => opened.push(navigation),
    now: () => new Date('2030-01-01T00:00:05.000Z'),
    text: () => shellText(language),
    log: (m) => logged.push(m),
  });
  return {
    events,
    created,
    opened,
    logged,
    uninstall,
    focus: (f: boolean) => (focused = f),
    speak: (l: Language) => (language = l),
  };
}

describe('installSystemNotifications', () => {
  it('shows exactly one system notification per notification event while the window is not focused', () => {
    const { events, created } = setup();
    events.emit(notification());
    events.emit({ type: 'state', at: 't', state: 'failing-over', profile: 'p', reason: 'drop' });
    expect(created).toHaveLength(1);
    expect(created[0]!.shown).toBe(1);
    expect(created[0]!.spec).toMatchObject({ title: 'No server reachable', silent: false });
  });

  it('speaks the language the user picked last, without a restart', () => {
    const { events, created, speak } = setup();
    speak('zh-CN');
    events.emit(notification({ code: 'failover.unreachable' }));
    expect(created[0]!.spec).toMatchObject({
      title: '没有可用的服务器',
      body: '没有可用的服务器。Holdfast 会继续尝试；流量仍被阻止。',
    });
  });

  it('shows none while the window is focused: the window toasts it', () => {
    const { events, created, focus } = setup({ focused: true });
    events.emit(notification());
    expect(created).toHaveLength(0);
    focus(false);
    events.emit(notification({ incidentId: 'inc-8' }));
    expect(created).toHaveLength(1);
  });

  it('shows none when the system cannot', () => {
    const { events, created } = setup({ supported: false });
    events.emit(notification());
    expect(created).toHaveLength(0);
  });

  it('opens the window on the incident when clicked', () => {
    const { events, created, opened } = setup();
    events.emit(notification());
    events.emit(notification({ incidentId: null, kind: 'needs-user' }));
    created[0]!.emit('click');
    created[1]!.emit('click');
    expect(opened).toEqual([
      { type: 'navigate', at: '2030-01-01T00:00:05.000Z', view: 'incident', incidentId: 'inc-7' },
      null,
    ]);
  });

  it('logs notifications the system refused to show', () => {
    const { events, created, logged } = setup();
    events.emit(notification());
    created[0]!.emit('failed', {}, 'no notification daemon');
    expect(logged).toEqual(['A system notification could not be shown: no notification daemon']);
  });

  it('stops when uninstalled', () => {
    const { events, created, uninstall } = setup();
    uninstall();
    events.emit(notification());
    expect(created).toHaveLength(0);
  });
});
