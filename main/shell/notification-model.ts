import type { NotificationEvent } from '../core/events';
import type { NavigateEvent } from '../../preload/contract';
import { notificationText } from '../../renderer/src/activity/notification-text';
import type { ShellText } from './shell-text';

/**
 * Where core's `notification` events are shown, and how, as plain data. The renderer shows an in-app
 * toast while the window has the focus (the user is looking at it); otherwise the shell shows one system
 * notification. Never both: the same message twice is the storm the notification policy exists to avoid.
 */
export type NotificationRoute = 'in-app' | 'system';

export interface NotificationContext {
  /** The Holdfast window exists, is visible and has the keyboard focus. */
  windowFocused: boolean;
  /** The OS can show notifications (Linux needs a notification daemon). */
  systemSupported: boolean;
}

export function notificationRoute(context: NotificationContext): NotificationRoute {
  // Without system notifications the window is the only place left; the renderer learns this from
  // app.info's capabilities and then toasts even when it is not focused.
  if (!context.systemSupported) return 'in-app';
  return context.windowFocused ? 'in-app' : 'system';
}

/** Kinds that need the user's attention; the others report something Holdfast already handled. */
const ATTENTION_KINDS: ReadonlySet<string> = new Set(['unresolved', 'needs-user']);

export interface SystemNotificationSpec {
  title: string;
  body: string;
  /** No sound for good news ("reconnected through Osaka 2"); a sound when nothing is reachable. */
  silent: boolean;
  /** Linux: critical notifications stay until dismissed; only when nothing but the user can fix it. */
  urgency: 'normal' | 'critical';
}

const APP_NAME = 'Holdfast';
/** Notification centres cut long bodies anyway; a bounded body also keeps a runaway message in check. */
const BODY_MAX = 300;
const TITLE_MAX = 100;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Title and body in the user's language, translated by the event's code exactly as the window's toast is
 * (the same helper and tables); core's English words only for a code the tables do not know yet.
 */
export function systemNotificationSpec(event: NotificationEvent, text: ShellText): SystemNotificationSpec {
  const words = notificationText(text.i18nT, event, text.language);
  return {
    title: clip(words.title.trim() || APP_NAME, TITLE_MAX),
    body: clip(words.body.trim(), BODY_MAX),
    silent: !ATTENTION_KINDS.has(event.kind),
    urgency: event.kind === 'needs-user' ? 'critical' : 'normal',
  };
}

/**
 * What clicking the notification asks the window to show: its incident, when it has one. Without an
 * incident, showing the window is all there is to do.
 */
export function navigationFor(event: NotificationEvent, at: string): NavigateEvent | null {
  if (!event.incidentId) return null;
  return { type: 'navigate', at, view: 'incident', incidentId: event.incidentId };
}
