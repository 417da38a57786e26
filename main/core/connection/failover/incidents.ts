import type { HoldfastErrorCode } from '../../errors';
import type { DetectionKind } from './messages';
import type { CandidateView } from './types';

/**
 * The record of one incident for the activity timeline: from the moment the tunnel stopped carrying data
 * to the moment data flowed again (or the user had to step in, or disconnected).
 */
export type AttemptOutcome = 'won' | 'failed' | 'timed-out' | 'cancelled' | 'landed' | 'landing-failed' | 'lost';

export interface AttemptRecord {
  candidate: CandidateView;
  outcome: AttemptOutcome;
  /** Plain text; never a secret (driver errors are written for people). */
  reason: string;
  /** Set when the failure has a known cause the window translates (e.g. `server-push-refused`). */
  code?: HoldfastErrorCode;
  ms: number;
  round: number;
}

export type RoundVerdict = 'won' | 'failed' | 'network-down' | 'needs-user' | 'cancelled';

export type IncidentEnding = 'landed' | 'needs-user' | 'stopped';

export interface IncidentRecord {
  id: string;
  /** ISO time of the last evidence that the old tunnel worked (detection time minus detectedAfterMs). */
  startedAt: string;
  detectedAt: string;
  detectedAfterMs: number;
  detectedBy: DetectionKind;
  detail: string;
  from: CandidateView | null;
  attempts: AttemptRecord[];
  rounds: { at: string; verdict: RoundVerdict }[];
  landedOn: CandidateView | null;
  /** From startedAt to data flowing again; null while unresolved. */
  totalMs: number | null;
  resolved: boolean;
  endedAt: string | null;
  ending: IncidentEnding | null;
  /** Which notifications this incident produced; 'merged' when a recent notification already covered it. */
  notified: ('resolved' | 'unresolved' | 'restored' | 'needs-user' | 'merged')[];
  /** The incident whose notification covered this one, when it was merged. */
  mergedInto: string | null;
}

export interface OpenIncidentInput {
  detectedBy: DetectionKind;
  detail: string;
  detectedAfterMs?: number;
  from: CandidateView | null;
}

const MAX_ATTEMPTS_PER_INCIDENT = 200;

/** The last few incidents, newest last; the open one (if any) is the last. */
export class IncidentLog {
  private readonly records: IncidentRecord[] = [];
  private openRecord: IncidentRecord | null = null;

  constructor(
    private readonly newId: () => string,
    private readonly limit = 50,
  ) {}

  open(input: OpenIncidentInput, now: number): IncidentRecord {
    const detectedAfterMs = Math.max(0, Math.round(input.detectedAfterMs ?? 0));
    const record: IncidentRecord = {
      id: this.newId(),
      startedAt: iso(now - detectedAfterMs),
      detectedAt: iso(now),
      detectedAfterMs,
      detectedBy: input.detectedBy,
      detail: input.detail,
      from: input.from,
      attempts: [],
      rounds: [],
      landedOn: null,
      totalMs: null,
      resolved: false,
      endedAt: null,
      ending: null,
      notified: [],
      mergedInto: null,
    };
    this.records.push(record);
    while (this.records.length > this.limit) this.records.shift();
    this.openRecord = record;
    return record;
  }

  get current(): IncidentRecord | null {
    return this.openRecord;
  }

  addAttempt(attempt: AttemptRecord): void {
    const record = this.openRecord;
    if (!record) return;
    // A very long outage keeps its first and latest attempts; the middle adds nothing to a timeline.
    if (record.attempts.length >= MAX_ATTEMPTS_PER_INCIDENT) record.attempts.splice(MAX_ATTEMPTS_PER_INCIDENT / 2, 1);
    record.attempts.push(attempt);
  }

  addRound(verdict: RoundVerdict, now: number): void {
    const record = this.openRecord;
    if (!record) return;
    if (record.rounds.length >= MAX_ATTEMPTS_PER_INCIDENT) record.rounds.splice(MAX_ATTEMPTS_PER_INCIDENT / 2, 1);
    record.rounds.push({ at: iso(now), verdict });
  }

  close(ending: IncidentEnding, now: number, landedOn: CandidateView | null = null): IncidentRecord | null {
    const record = this.openRecord;
    if (!record) return null;
    record.ending = ending;
    record.endedAt = iso(now);
    record.resolved = ending === 'landed';
    record.landedOn = landedOn;
    record.totalMs = ending === 'landed' ? now - Date.parse(record.startedAt) : null;
    this.openRecord = null;
    return record;
  }

  list(): IncidentRecord[] {
    return structuredClone(this.records);
  }
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
