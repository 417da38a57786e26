import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { EventHub, ImportProgressEvent } from '../events';
import type { ImportProgress } from '../profiles/importer';

/** How often a running import may report progress: often enough to move a bar, rarely enough to be free. */
export const PROGRESS_EVERY_MS = 100;

export interface ImportJob {
  id: string;
  signal: AbortSignal;
  /** Reports progress, at most every PROGRESS_EVERY_MS (the first and the last always). */
  progress(counts: ImportProgress): void;
  /** The final report: sent once, whatever happened. */
  finish(counts: ImportProgress, result: { removed: string[]; cancelled: boolean }): void;
}

/** Imports that are running, by job id, so `profiles.cancelImport` can stop one. */
export class ImportJobs {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly events: EventHub,
    private readonly clock: Clock,
  ) {}

  start(jobId?: string): ImportJob {
    const id = jobId ?? randomUUID();
    if (this.running.has(id)) {
      throw new HoldfastError('invalid-request', `jobId: an import named "${id}" is already running`, {
        field: 'jobId',
      });
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    let lastAt = -Infinity;
    const emit = (counts: ImportProgress, done: boolean, removed: string[], cancelled: boolean): void => {
      const event: ImportProgressEvent = {
        type: 'import-progress',
        at: new Date(this.clock.now()).toISOString(),
        jobId: id,
        ...counts,
        removed,
        done,
        cancelled,
      };
      this.events.emit(event);
    };
    return {
      id,
      signal: controller.signal,
      progress: (counts) => {
        const now = this.clock.now();
        if (now - lastAt < PROGRESS_EVERY_MS && counts.read < counts.total) return;
        lastAt = now;
        emit(counts, false, [], false);
      },
      finish: (counts, result) => {
        this.running.delete(id);
        emit(counts, true, result.removed, result.cancelled);
      },
    };
  }

  /** Stops a running import; false when none runs under that id (finished already, or never started). */
  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }
}
