import type { IncidentRecord } from '../../../main/core/connection/failover/incidents';
import type { NotificationEvent } from '../../../main/core/events';
import type { Toast } from '../store/types';

/** The engine keeps about this many; the timeline needs no more. */
export const INCIDENT_LIMIT = 50;

/** At most this many toasts on screen: a flapping connection must not bury the window. */
export const TOAST_LIMIT = 3;

const time = (iso: string | null | undefined): number => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
};

/** Adds or replaces one incident (the engine re-sends a record as it grows); newest first. */
export function upsertIncident(list: readonly IncidentRecord[], incident: IncidentRecord): IncidentRecord[] {
  const rest = list.filter((i) => i.id !== incident.id);
  return [incident, ...rest].sort((a, b) => time(b.detectedAt) - time(a.detectedAt)).slice(0, INCIDENT_LIMIT);
}

/** Orders a freshly loaded list newest first. */
export function sortIncidents(list: readonly IncidentRecord[]): IncidentRecord[] {
  return [...list].sort((a, b) => time(b.detectedAt) - time(a.detectedAt)).slice(0, INCIDENT_LIMIT);
}

const toastId = (n: NotificationEvent): string => `${n.incidentId ?? 'note'}:${n.code}:${n.at}`;

/**
 * One toast per notification, calmly: a later notification about the same incident ("restored" after
 * "unreachable") replaces the earlier toast instead of stacking, an exact repeat is ignored, and beyond
 * TOAST_LIMIT the oldest goes.
 */
export function pushToast(toasts: readonly Toast[], notification: NotificationEvent): Toast[] {
  const id = toastId(notification);
  if (toasts.some((t) => t.id === id)) return [...toasts];
  const toast: Toast = { id, notification };
  const sameIncident =
    notification.incidentId === null
      ? -1
      : toasts.findIndex((t) => t.notification.incidentId === notification.incidentId);
  if (sameIncident >= 0) {
    const next = [...toasts];
    next.splice(sameIncident, 1);
    return [...next, toast];
  }
  return [...toasts, toast].slice(-TOAST_LIMIT);
}

export function dropToast(toasts: readonly Toast[], id: string): Toast[] {
  return toasts.filter((t) => t.id !== id);
}
