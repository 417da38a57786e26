import type { CoreEvent, NotificationEvent } from '../core/events';
import type { NavigateEvent } from '../../preload/contract';
import {
  navigationFor,
  notificationRoute,
  systemNotificationSpec,
  type SystemNotificationSpec,
} from './notification-model';
import type { ShellText } from './shell-text';

/**
 * Shows core's `notification` events as system notifications while the window is not focused, and
 * brings the window to the incident when one is clicked. Electron's Notification is reduced to the
 * members used here (index.ts passes a factory), so the routing is tested without Electron.
 */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: (...args: unknown[]) => void): unknown;
  show(): void;
}

export interface SystemNotificationsOptions {
  events: { on(listener: (event: CoreEvent) => void): () => void };
  /** Whether the OS shows notifications at all (Electron's Notification.isSupported()). */
  supported: boolean;
  windowFocused: () => boolean;
  create: (spec: SystemNotificationSpec) => NotificationLike;
  /** The words in the user's current language. */
  text: () => ShellText;
  /** The user clicked a notification: show the window, and the incident when there is one. */
  open: (navigation: NavigateEvent | null) => void;
  now?: () => Date;
  log?: (message: string) => void;
}

/**
 * Electron drops a notification's click handler when the object is garbage-collected while it still
 * sits in the notification centre; keeping a reference until it closes keeps clicks working. Bounded,
 * because some desktops never report 'close'.
 */
const KEEP_AT_MOST = 20;

export function installSystemNotifications(options: SystemNotificationsOptions): () => void {
  const live = new Set<NotificationLike>();
  const now = options.now ?? (() => new Date());

  const show = (event: NotificationEvent): void => {
    const notification = options.create(systemNotificationSpec(event, options.text()));
    const forget = () => live.delete(notification);
    live.add(notification);
    if (live.size > KEEP_AT_MOST) live.delete(live.values().next().value!);
    notification.on('click', () => {
      forget();
      options.open(navigationFor(event, now().toISOString()));
    });
    notification.on('close', forget);
    notification.on('failed', (_event, error) => {
      forget();
      options.log?.(`A system notification could not be shown: ${String(error)}`);
    });
    notification.show();
  };

  const unsubscribe = options.events.on((event) => {
    if (event.type !== 'notification') return;
    const route = notificationRoute({ windowFocused: options.windowFocused(), systemSupported: options.supported });
    if (route === 'system') show(event);
  });

  return () => {
    unsubscribe();
    live.clear();
  };
}
