import type { Clock } from '../../clock';
import {
  IncidentLog,
  type AttemptRecord,
  type IncidentRecord,
  type OpenIncidentInput,
  type RoundVerdict,
} from './incidents';
import type { FailoverMessage } from './messages';
import { NotificationPolicy, type FailoverNotification, type NotificationTimings } from './notifications';
import type { CandidateView } from './types';

export interface IncidentDeskDeps {
  clock: Clock;
  newId: () => string;
  onNotification?: (notification: FailoverNotification) => void;
  onIncident?: (incident: IncidentRecord) => void;
}

/**
 * The incident log and the notification policy, wired to a clock: opening an incident arms the
 * "nothing is reachable" check, closing it disarms it, and every change is published as a copy.
 */
export class IncidentDesk {
  private readonly log: IncidentLog;
  private readonly policy = new NotificationPolicy();
  private cancelUnresolved: (() => void) | null = null;

  constructor(private readonly deps: IncidentDeskDeps) {
    this.log = new IncidentLog(deps.newId);
  }

  get current(): IncidentRecord | null {
    return this.log.current;
  }

  open(input: OpenIncidentInput, timings: NotificationTimings): IncidentRecord {
    this.policy.setTimings(timings);
    const record = this.log.open(input, this.deps.clock.now());
    this.armUnresolved();
    this.publish(record);
    return record;
  }

  attempt(attempt: AttemptRecord): void {
    this.log.addAttempt(attempt);
  }

  round(verdict: RoundVerdict): void {
    this.log.addRound(verdict, this.deps.clock.now());
    this.publish(this.log.current);
  }

  resolve(landedOn: CandidateView): IncidentRecord | null {
    const closed = this.close('landed', landedOn);
    if (closed) this.notify(this.policy.onResolved(closed, this.deps.clock.now()));
    this.publish(closed);
    return closed;
  }

  needsUser(message: FailoverMessage): void {
    const closed = this.close('needs-user');
    if (!closed) return;
    this.notify(this.policy.onNeedsUser(closed, message, this.deps.clock.now()));
    this.publish(closed);
  }

  /** The user disconnected or started over: no notification, the timeline still shows what happened. */
  stop(): void {
    this.publish(this.close('stopped'));
  }

  publish(incident: IncidentRecord | null): void {
    if (incident) this.deps.onIncident?.(structuredClone(incident));
  }

  list(): IncidentRecord[] {
    return this.log.list();
  }

  private close(
    ending: 'landed' | 'needs-user' | 'stopped',
    landedOn: CandidateView | null = null,
  ): IncidentRecord | null {
    this.cancelUnresolved?.();
    this.cancelUnresolved = null;
    return this.log.close(ending, this.deps.clock.now(), landedOn);
  }

  private armUnresolved(): void {
    this.cancelUnresolved?.();
    this.cancelUnresolved = null;
    const incident = this.log.current;
    const due = incident ? this.policy.unresolvedDueAt(incident) : null;
    if (!incident || due === null) return;
    const { clock } = this.deps;
    this.cancelUnresolved = clock.setTimeout(
      () => {
        this.cancelUnresolved = null;
        if (this.log.current !== incident) return;
        const notification = this.policy.onUnresolvedDue(incident, clock.now());
        if (!notification) {
          this.armUnresolved();
          return;
        }
        this.notify(notification);
        this.publish(incident);
      },
      Math.max(0, due - clock.now()),
    );
  }

  private notify(notification: FailoverNotification | null): void {
    if (notification) this.deps.onNotification?.(notification);
  }
}
