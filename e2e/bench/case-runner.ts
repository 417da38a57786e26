import type { BenchLab } from './bench-lab';
import { prepareDataDir } from './bench-lab';
import { FAULTS, type BenchCase } from './cases';
import { holdfastRun, type RunRecord, type Timing } from './holdfast-run';
import { MIN_RUNS, type BenchOptions } from './options';
import { applyShape } from './shapes';
import { countRuns, describeRun, metricNames, summarizeRuns } from './report';

/**
 * The Holdfast side of one case across runs: its prepared data folder, its records, and whether it may
 * run again (planned runs done, too many timeouts in a row, or the time budget spent).
 */
export class CaseRunner {
  readonly records: RunRecord[] = [];
  readonly planned: number;
  readonly flapping: boolean;
  private template: string | null = null;
  private refused: string | null = null;
  private timeoutsInARow = 0;
  private stoppedEarly: string | undefined;
  private spentMs = 0;

  constructor(
    readonly benchCase: BenchCase,
    private readonly options: BenchOptions,
    private readonly log: (text: string) => void,
  ) {
    this.flapping = FAULTS[benchCase.fault].windowMs !== undefined;
    this.planned = this.flapping ? options.flapRuns : options.runs;
  }

  /** Imports the profiles and applies the case's settings; a refused setting marks the case "not supported yet". */
  async prepare(bench: BenchLab): Promise<void> {
    const bare = this.benchCase.start === 'bare';
    const prepared = await prepareDataDir(bench, this.benchCase.name, this.benchCase.settings, bare);
    this.template = prepared.dir;
    this.refused = prepared.refused;
    if (this.refused) this.log(`${this.benchCase.name}: not supported yet (${this.refused})`);
  }

  get finished(): boolean {
    return this.refused !== null || this.stoppedEarly !== undefined || this.records.length >= this.planned;
  }

  /** Mean duration of a run so far, for the time budget. */
  get estimatedRunMs(): number {
    return this.records.length ? this.spentMs / this.records.length : 60_000;
  }

  /** False when the budget says stop; never before MIN_RUNS runs. */
  mayRunWithin(remainingMs: number): boolean {
    if (this.records.length < Math.min(MIN_RUNS, this.planned)) return true;
    if (remainingMs >= this.estimatedRunMs) return true;
    this.stop(
      `the time budget (--budget-minutes ${this.options.budgetMs / 60_000}) was spent; ${this.planned - this.records.length} planned run(s) were not made`,
    );
    return false;
  }

  stop(why: string): void {
    if (this.stoppedEarly === undefined && !this.finished) {
      this.stoppedEarly = why;
      this.log(`${this.benchCase.name}: ${why}`);
    }
  }

  async runOnce(bench: BenchLab, timing: Timing, eventTypesSeen: Set<string>): Promise<void> {
    if (this.finished || !this.template) return;
    const run = this.records.length + 1;
    const started = Date.now();
    const shape = this.benchCase.shape ? await applyShape(bench.lab, this.benchCase.shape) : null;
    const record = await holdfastRun(bench, this.benchCase, this.template, run, timing, bench.fleet.credentialsPath)
      .catch((err: unknown): RunRecord => ({ ...emptyRecord(run), error: (err as Error).message }))
      .finally(() => shape?.lift());
    this.spentMs += Date.now() - started;
    for (const type of record.eventTypes ?? []) eventTypesSeen.add(type);
    this.records.push(record);
    this.log(describeRun(`${this.benchCase.name} ${run}/${this.planned}`, record));
    this.timeoutsInARow = record.restoredMs === 'timeout' ? this.timeoutsInARow + 1 : 0;
    const limit = this.options.stopAfterTimeouts;
    if (limit > 0 && this.timeoutsInARow >= limit && run < this.planned) {
      this.stop(
        `${this.timeoutsInARow} runs in a row did not restore traffic within ${timing.capMs / 1000} s; the other ${this.planned - run} were skipped (--stop-after-timeouts 0 runs them all)`,
      );
    }
  }

  report(): Record<string, unknown> {
    const { benchCase } = this;
    const fault = FAULTS[benchCase.fault];
    const head = {
      name: benchCase.name,
      title: benchCase.title,
      fault: { name: fault.name, what: fault.what },
      startProfile: `server-1-${benchCase.start}`,
      baselineFault: benchCase.baseline,
    };
    if (this.refused) {
      return {
        ...head,
        status: 'not supported yet',
        reason: this.refused,
        runs: countRuns([], this.planned),
        holdfast: {},
      };
    }
    const okRuns = this.records.filter((r) => r.ok);
    return {
      ...head,
      status: 'measured',
      runs: countRuns(this.records, this.planned, this.stoppedEarly),
      holdfast: summarizeRuns(this.records, metricNames(this.flapping, false)),
      ...(benchCase.expectLandingOn
        ? {
            expectation: {
              landsOn: benchCase.expectLandingOn,
              met: okRuns.filter((r) => r.expectationMet).length,
              of: okRuns.length,
            },
          }
        : {}),
      ...(this.flapping ? { flapsPerRun: okRuns.map((r) => r.downs ?? 0) } : {}),
      samples: this.records,
    };
  }
}

export function emptyRecord(run: number): RunRecord {
  return {
    run,
    ok: false,
    connectMs: null,
    detectMs: null,
    restoredMs: null,
    leakedPackets: null,
    outsideReached: null,
    cleanAfter: null,
  };
}
