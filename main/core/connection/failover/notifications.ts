import type { IncidentRecord } from './incidents';
import { failoverMessage, seconds, type FailoverMessage } from './messages';

/**
 * Turns incidents into few, calm notifications:
 *  - when an incident resolves, one notification says what happened and where we landed;
 *  - when it has not resolved after `unresolvedAfterMs`, one notification says nothing is reachable, and its
 *    resolution then gets a "restored" notification that closes it;
 *  - an incident that starts within `quietWindowMs` of the last notification is merged into it (recorded on
 *    the timeline, not shown), so a flapping server produces at most one notification per window;
 *  - an incident that needs the user always notifies: nothing else will fix it.
 * Pure: the engine calls it with incidents and times and shows what it returns.
 */
export interface NotificationTimings {
  quietWindowMs: number;
  unresolvedAfterMs: number;
}

export const DEFAULT_NOTIFICATION_TIMINGS: NotificationTimings = { quietWindowMs: 180_000, unresolvedAfterMs: 30_000 };

export type NotificationKind = 'resolved' | 'unresolved' | 'restored' | 'needs-user';

export interface FailoverNotification {
  incidentId: string;
  kind: NotificationKind;
  at: string;
  message: FailoverMessage;
}

export class NotificationPolicy {
  private lastNotifiedAt: number | null = null;
  private lastNotifiedIncident: string | null = null;

  constructor(private timings: NotificationTimings = DEFAULT_NOTIFICATION_TIMINGS) {}

  setTimings(timings: NotificationTimings): void {
    this.timings = timings;
  }

  /** The incident resolved: a notification, or null when it is merged into a recent one. */
  onResolved(incident: IncidentRecord, now: number): FailoverNotification | null {
    if (!incident.resolved || !incident.landedOn) return null;
    if (incident.notified.includes('unresolved')) {
      const to = incident.landedOn;
      return this.emit(
        incident,
        'restored',
        now,
        failoverMessage('failover.restored', {
          to: to.serverName,
          transport: to.transportLabel,
          seconds: seconds(incident.totalMs ?? 0),
        }),
      );
    }
    if (this.withinQuietWindow(Date.parse(incident.detectedAt))) {
      incident.notified.push('merged');
      incident.mergedInto = this.lastNotifiedIncident;
      return null;
    }
    const to = incident.landedOn;
    const from = incident.from;
    const params = {
      from: from?.serverName ?? to.serverName,
      to: to.serverName,
      transport: to.transportLabel,
      seconds: seconds(incident.totalMs ?? 0),
      detectedBy: incident.detectedBy,
    };
    const sameServer = from !== null && from.serverKey === to.serverKey;
    // A first connect that only worked another way was never "reconnected": the user was not connected yet.
    const code =
      incident.detectedBy === 'connect-failed'
        ? 'failover.connected'
        : sameServer
          ? 'failover.reconnected'
          : 'failover.switched';
    return this.emit(incident, 'resolved', now, failoverMessage(code, params));
  }

  /** When to ask again whether the "nothing is reachable" notification is due; null when it never will be. */
  unresolvedDueAt(incident: IncidentRecord): number | null {
    if (incident.ending !== null || incident.notified.includes('unresolved')) return null;
    const due = Date.parse(incident.detectedAt) + this.timings.unresolvedAfterMs;
    return this.lastNotifiedAt === null ? due : Math.max(due, this.lastNotifiedAt + this.timings.quietWindowMs);
  }

  onUnresolvedDue(incident: IncidentRecord, now: number): FailoverNotification | null {
    const due = this.unresolvedDueAt(incident);
    if (due === null || now < due) return null;
    return this.emit(
      incident,
      'unresolved',
      now,
      failoverMessage('failover.unreachable', {
        seconds: seconds(now - Date.parse(incident.startedAt)),
      }),
    );
  }

  onNeedsUser(incident: IncidentRecord, message: FailoverMessage, now: number): FailoverNotification | null {
    if (incident.notified.includes('needs-user')) return null;
    return this.emit(incident, 'needs-user', now, message);
  }

  private withinQuietWindow(at: number): boolean {
    return this.lastNotifiedAt !== null && at - this.lastNotifiedAt < this.timings.quietWindowMs;
  }

  private emit(
    incident: IncidentRecord,
    kind: NotificationKind,
    now: number,
    message: FailoverMessage,
  ): FailoverNotification {
    this.lastNotifiedAt = now;
    this.lastNotifiedIncident = incident.id;
    incident.notified.push(kind);
    return { incidentId: incident.id, kind, at: new Date(now).toISOString(), message };
  }

  /** The incident the last notification was about (merged incidents point the timeline at it). */
  get lastIncidentId(): string | null {
    return this.lastNotifiedIncident;
  }
}
