import type { TFunction } from 'i18next';
import type { NotificationEvent } from '../../../main/core/events';
import { formatSeconds } from '../format/seconds';

/** The toast's title and body in the user's language by code; the engine's English words when the code is new. */
export function notificationText(
  t: TFunction,
  n: Pick<NotificationEvent, 'title' | 'body' | 'kind' | 'code' | 'params'>,
  locale: string,
): { title: string; body: string } {
  const params: Record<string, string | number> = { ...n.params };
  if (typeof params.seconds === 'number') params.seconds = formatSeconds(params.seconds * 1000, locale);
  if (typeof params.detectedBy === 'string') {
    params.what = t(`notification.what.${params.detectedBy}`, { defaultValue: t('notification.what.other') });
  }
  const key = n.code.startsWith('failover.') ? `notification.body.${n.code.slice('failover.'.length)}` : null;
  return {
    // A first connect that worked another way has its own title ("Connected"), not the kind's ("Reconnected").
    title: t(`notification.title.${n.code === 'failover.connected' ? 'connected' : n.kind}`, { defaultValue: n.title }),
    body: key ? t(key, { ...params, defaultValue: n.body }) : n.body,
  };
}
