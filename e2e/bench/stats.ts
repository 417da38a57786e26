/**
 * Percentiles for benchmark figures. A run that never reached the event (restored, detected) within its
 * cap counts as "beyond the cap", not as missing: it sorts after every measured value, so a p95 that
 * lands on such runs is reported as null with `beyondCap` set instead of a flattering number.
 */
export type Sample = number | 'timeout' | null;

export interface Summary {
  /** Runs with a figure or a timeout (null samples, e.g. failed runs, are left out). */
  n: number;
  p50: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
  /** Runs that did not get there within the cap. */
  timedOut: number;
  /** Which percentiles fell on timed-out runs. */
  beyondCap?: Array<'p50' | 'p95'>;
}

/** Nearest-rank percentile (no interpolation, so a timeout is never averaged with a figure). */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

export function summarize(samples: readonly Sample[]): Summary {
  const values = samples
    .filter((s): s is number | 'timeout' => s !== null)
    .map((s) => (s === 'timeout' ? Number.POSITIVE_INFINITY : s))
    .sort((a, b) => a - b);
  const finite = values.filter(Number.isFinite);
  const pick = (q: number): number | null => {
    const v = percentile(values, q);
    return v === undefined || !Number.isFinite(v) ? null : round(v);
  };
  const beyondCap = (['p50', 'p95'] as const).filter((name) => {
    const v = percentile(values, name === 'p50' ? 0.5 : 0.95);
    return v !== undefined && !Number.isFinite(v);
  });
  return {
    n: values.length,
    p50: pick(0.5),
    p95: pick(0.95),
    min: finite.length ? round(finite[0]!) : null,
    max: finite.length ? round(finite[finite.length - 1]!) : null,
    timedOut: values.length - finite.length,
    ...(beyondCap.length ? { beyondCap } : {}),
  };
}

export interface Ratio {
  p50: number | null;
  p95: number | null;
  /** The baseline did not get there within its cap: Holdfast took at most this fraction of its time. */
  p50AtMost?: number;
  p95AtMost?: number;
}

/** Holdfast figure / baseline figure for p50 and p95; null where either side has none. */
export function ratio(holdfast: Summary, baseline: Summary, baselineCapMs?: number): Ratio {
  const divide = (a: number | null, b: number | null): number | null =>
    a === null || b === null || b === 0 ? null : round3(a / b);
  const out: Ratio = { p50: divide(holdfast.p50, baseline.p50), p95: divide(holdfast.p95, baseline.p95) };
  for (const name of ['p50', 'p95'] as const) {
    const mine = holdfast[name];
    if (mine !== null && baselineCapMs && baseline.beyondCap?.includes(name)) {
      out[`${name}AtMost`] = round3(mine / baselineCapMs);
    }
  }
  return out;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round(value: number): number {
  return Math.round(value);
}
