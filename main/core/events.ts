import type { DetectionKind } from './connection/failover/messages';
import type { ConnectionState, LiveStatus } from './connection/state';
import type { IncidentRecord } from './connection/failover/incidents';
import type { DisguisedRoute } from './disguise/disguised-route';
import type { ErrorPayload } from './errors';
import type { SecurityEvent } from './security/strength/security-event';

/**
 * Everything core tells the outside world. The CLI prints these as NDJSON, the shell and the harness
 * forward them over the contract, the renderer store folds them. Each carries an ISO time.
 */
export interface StateEvent {
  type: 'state';
  at: string;
  state: ConnectionState;
  profile: string | null;
  reason: string;
  error?: ErrorPayload;
  /** On `connected` through a disguise: which one, and why Holdfast chose it (for words in the user's language). */
  route?: DisguisedRoute;
}

export interface StatusEvent extends LiveStatus {
  type: 'status';
  at: string;
  profile: string;
}

/** The tunnel stopped carrying data (issued when the drop is detected, before failover starts). */
export interface DropEvent {
  type: 'drop';
  at: string;
  profile: string;
  reason: string;
  detectedAfterMs: number;
  /** How it was noticed, for words in the user's language (the reason is English, for logs and the CLI). */
  detectedBy?: DetectionKind;
}

/** Holdfast moved the connection to another server or transport. */
export interface FailoverEvent {
  type: 'failover';
  at: string;
  from: string | null;
  to: string;
  reason: string;
  /** How the drop that caused it was noticed, for words in the user's language (reason stays English). */
  detectedBy?: DetectionKind;
}

/** One calm message per incident; the shell shows it as a system notification. */
export interface NotificationEvent {
  type: 'notification';
  at: string;
  title: string;
  body: string;
  kind: string;
  incidentId: string | null;
  /** Stable code and parameters so the renderer can translate the body. */
  code: string;
  params: Record<string, string | number>;
}

/** An incident record changed (opened, attempt added, resolved): the activity timeline folds these. */
export interface IncidentEvent {
  type: 'incident';
  at: string;
  incident: IncidentRecord;
}

export interface ProfilesChangedEvent {
  type: 'profiles-changed';
  at: string;
}

/** The user's servers changed (names, countries, grouping, the preferred one): lists should be read again. */
export interface ServersChangedEvent {
  type: 'servers-changed';
  at: string;
}

/**
 * How far an import is: sent when it starts, at most every 100 ms while it runs, and once when it ends
 * (`done`). Counts are profile files; a bundle is committed whole at the end, so `imported` and `updated`
 * are what will be (or was) kept, and a cancelled import keeps nothing.
 */
export interface ImportProgressEvent {
  type: 'import-progress';
  at: string;
  jobId: string;
  /** Profile files read and checked so far, of `total` (0 while the files are still being counted). */
  read: number;
  total: number;
  /** New profiles. */
  imported: number;
  /** Profiles already there (same file name or server host) that this import changed in place. */
  updated: number;
  /** Already there with the same content. */
  unchanged: number;
  refused: number;
  /** When done: profiles of an earlier import of the same bundle that this bundle no longer has (removed). */
  removed: string[];
  done: boolean;
  cancelled: boolean;
}

/** Disguises were imported, attached, detached or removed: lists should be read again. */
export interface DisguisesChangedEvent {
  type: 'disguises-changed';
  at: string;
}

export interface LogEvent {
  type: 'log';
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** The engine needs a username and password for a profile; answered with credentials.provide / cancel. */
export interface CredentialsRequestEvent {
  type: 'credentials-request';
  at: string;
  requestId: string;
  profile: string;
  profileName: string;
  /** Set when the previous answer was refused by the server. */
  previousFailed: boolean;
}

export type CoreEvent =
  | StateEvent
  | StatusEvent
  | SecurityEvent
  | ProfilesChangedEvent
  | ServersChangedEvent
  | ImportProgressEvent
  | DisguisesChangedEvent
  | LogEvent
  | DropEvent
  | FailoverEvent
  | NotificationEvent
  | IncidentEvent
  | CredentialsRequestEvent;

export type CoreEventType = CoreEvent['type'];

export type CoreEventListener = (event: CoreEvent) => void;

/** A tiny typed emitter; listeners that throw are isolated so one bad consumer cannot stop the engine. */
export class EventHub {
  private readonly listeners = new Set<CoreEventListener>();

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing consumer must not break the connection engine.
      }
    }
  }
}
