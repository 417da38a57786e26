import type { RunRecord } from './holdfast-run';
import { ratio, summarize, type Ratio, type Sample, type Summary } from './stats';

/**
 * Turns run records into the figures the benchmark reports: p50/p95 per metric, how many runs timed out
 * or failed, and Holdfast/baseline ratios. A metric nobody measured (e.g. notifications from a CLI that
 * does not emit them) is still reported, as the counts it saw.
 */
export type MetricName =
  | 'connectMs'
  | 'detectMs'
  | 'restoredMs'
  | 'leakedPackets'
  | 'outsideReached'
  | 'notifications'
  | 'failoverEvents'
  | 'profileSwitches'
  | 'connectedToFaultyServer'
  | 'outageMs'
  | 'restarts';

const INCIDENT_METRICS: MetricName[] = [
  'connectMs',
  'detectMs',
  'restoredMs',
  'leakedPackets',
  'outsideReached',
  'notifications',
  'failoverEvents',
  'profileSwitches',
  'connectedToFaultyServer',
];
const FLAPPING_METRICS: MetricName[] = [
  'connectMs',
  'outageMs',
  'leakedPackets',
  'outsideReached',
  'notifications',
  'failoverEvents',
  'profileSwitches',
];

export interface RunCounts {
  planned: number;
  done: number;
  ok: number;
  failed: number;
  /** Runs where the client namespace was not as clean afterwards as before. */
  leftSomethingBehind: number;
  stoppedEarly?: string;
  errors?: string[];
}

export function metricNames(flapping: boolean, baseline: boolean): MetricName[] {
  const names = flapping ? FLAPPING_METRICS : INCIDENT_METRICS;
  return baseline
    ? [...names.filter((m) => !['notifications', 'failoverEvents', 'profileSwitches'].includes(m)), 'restarts']
    : names;
}

export function summarizeRuns(records: readonly RunRecord[], metrics: readonly MetricName[]): Record<string, Summary> {
  const out: Record<string, Summary> = {};
  for (const metric of metrics) {
    out[metric] = summarize(records.map((r) => (r.ok || metric === 'connectMs' ? sampleOf(r, metric) : null)));
  }
  return out;
}

function sampleOf(record: RunRecord, metric: MetricName): Sample {
  const value = record[metric];
  if (value === 'timeout') return 'timeout';
  return typeof value === 'number' ? value : null;
}

export function countRuns(
  records: ReadonlyArray<Pick<RunRecord, 'run' | 'ok' | 'error' | 'cleanAfter'>>,
  planned: number,
  stoppedEarly?: string,
): RunCounts {
  const errors = records.filter((r) => !r.ok && r.error).map((r) => `run ${r.run}: ${r.error}`);
  return {
    planned,
    done: records.length,
    ok: records.filter((r) => r.ok).length,
    failed: records.filter((r) => !r.ok).length,
    leftSomethingBehind: records.filter((r) => r.cleanAfter === false).length,
    ...(stoppedEarly ? { stoppedEarly } : {}),
    ...(errors.length ? { errors } : {}),
  };
}

/** Holdfast / baseline for the timing metrics both sides have. */
export function ratios(
  holdfast: Record<string, Summary>,
  baseline: Record<string, Summary> | undefined,
  baselineCapMs: number,
): Record<string, Ratio> {
  if (!baseline) return {};
  const out: Record<string, Ratio> = {};
  for (const metric of ['connectMs', 'detectMs', 'restoredMs', 'outageMs']) {
    const h = holdfast[metric];
    const b = baseline[metric];
    if (h && b) out[metric] = ratio(h, b, baselineCapMs);
  }
  return out;
}

/** One line per run for the progress log on stderr. */
export function describeRun(label: string, record: RunRecord): string {
  if (!record.ok) return `${label}: failed: ${record.error ?? 'unknown error'}`;
  const ms = (v: Sample | undefined): string =>
    v === 'timeout' ? 'timed out' : typeof v === 'number' ? `${(v / 1000).toFixed(2)} s` : '-';
  const parts = [
    `connect ${ms(record.connectMs)}`,
    record.outageMs !== undefined ? `outage ${ms(record.outageMs)}` : `detect ${ms(record.detectMs)}`,
    ...(record.outageMs !== undefined ? [] : [`restored ${ms(record.restoredMs)}`]),
    `leaked ${record.leakedPackets ?? '-'} packets`,
    ...(record.notifications !== undefined ? [`${record.notifications} notification(s)`] : []),
    ...(record.failoverEvents !== undefined ? [`${record.failoverEvents} failover(s)`] : []),
    ...(record.restarts !== undefined ? [`${record.restarts} restart(s)`] : []),
    ...(record.landedOn ? [`on ${record.landedOn}`] : []),
    ...(record.cleanAfter === false ? ['LEFT SOMETHING BEHIND'] : []),
  ];
  return `${label}: ${parts.join(', ')}`;
}
