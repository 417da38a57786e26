import path from 'node:path';
import type { BenchLab } from './bench-lab';
import { copyDataDir } from './bench-lab';
import { runLeaks, type CensoredSample } from './censored-figures';
import type { CensoredLab } from './censored-lab';
import { connectPhase, midSessionPhase, type PhaseRecord } from './censored-phases';
import type { Timing } from './holdfast-run';

/**
 * One run of the censored case, three phases on fresh copies of the prepared data folder:
 *  1. first connect with the censor on, on a network Holdfast has no memory of;
 *  2. connect again on the same network (the same data folder): memory says it needs a disguise;
 *  3. a new session on a fresh copy, connected plainly with the censor off, then the censor switches on.
 */
export interface CensoredRecord extends CensoredSample {
  run: number;
  ok: boolean;
  error?: string;
  /** Every phase left the client namespace as it found it. */
  cleanAfter: boolean | null;
  leakedPackets: number | null;
  first: PhaseRecord | null;
  second: PhaseRecord | null;
  midSession: PhaseRecord | null;
}

export async function censoredRun(
  bench: BenchLab,
  censored: CensoredLab,
  run: number,
  timing: Timing,
): Promise<CensoredRecord> {
  const { lab } = bench;
  const record: CensoredRecord = {
    run,
    ok: false,
    cleanAfter: null,
    leakedPackets: null,
    first: null,
    second: null,
    midSession: null,
  };
  const dataDir = path.join(lab.dir, `run-censored-${run}`);
  const midDir = path.join(lab.dir, `run-censored-${run}-mid`);
  try {
    await copyDataDir(censored.template, dataDir);
    await censored.censor.on();
    record.first = await connectPhase(bench, dataDir, timing.capMs, false);
    // Only a first connect that got through can have taught this network anything.
    if (record.first.ms !== 'timeout' && record.first.ms !== null) {
      record.second = await connectPhase(bench, dataDir, timing.capMs, true);
    }
    await censored.censor.off();
    await lab.restoreAll();
    await copyDataDir(censored.template, midDir);
    record.midSession = await midSessionPhase(bench, censored, midDir, timing.capMs, timing.connectTimeoutMs);
    const phases = [record.first, record.second, record.midSession].filter((p): p is PhaseRecord => p !== null);
    const errors = phases.filter((p) => p.error && p.ms !== 'timeout').map((p) => p.error);
    // A phase that timed out is a figure (beyond the cap); one that could not be measured is a failed run.
    record.ok = errors.length === 0 && record.first.ms !== null;
    if (errors.length) record.error = errors.join('; ');
    record.cleanAfter = phases.every((p) => p.cleanAfter === true);
    record.leakedPackets = runLeaks(record);
    return record;
  } catch (err) {
    record.error = (err as Error).message;
    return record;
  } finally {
    await censored.censor.off();
    await lab.restoreAll();
  }
}
