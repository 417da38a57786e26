import { censoredTable, type CensoredCaseLike } from './censored-table';

/**
 * The results table of docs/benchmarks.md, made from a results.json (`npm run bench -- --table FILE`), so
 * the documented figures are always a copy of a real run.
 */
interface SummaryLike {
  p50: number | null;
  p95: number | null;
  timedOut?: number;
  beyondCap?: string[];
}
interface CaseLike {
  name: string;
  status: string;
  reason?: string;
  baselineFault: string | null;
  runs: { done: number; planned: number; leftSomethingBehind?: number };
  holdfast: Record<string, SummaryLike>;
  expectation?: { landsOn: string; met: number; of: number };
  samples?: Array<{ landedOn?: string | null }>;
}
interface ResultsLike {
  finishedAt: string;
  durationS: number;
  options: { capMs: number; baselineCapMs: number; baselineVariant: string };
  machine: { cpus: number; loadAverageAtEnd: number[] };
  cli: { builtAt: string };
  cases: Array<CaseLike | CensoredCaseLike>;
  baseline: { faults: Record<string, { runs: { done: number }; metrics: Record<string, SummaryLike> }> };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}`;

function pair(summary: SummaryLike | undefined, capMs: number, unit: 's' | 'count'): string {
  if (!summary) return '–';
  const one = (v: number | null, name: string): string => {
    if (v === null) return summary.beyondCap?.includes(name) ? `>${seconds(capMs)}` : '–';
    return unit === 's' ? seconds(v) : String(v);
  };
  const p50 = one(summary.p50, 'p50');
  const p95 = one(summary.p95, 'p95');
  return p50 === p95 ? p50 : `${p50} / ${p95}`;
}

export function resultsTable(results: ResultsLike): string {
  const cap = results.options.capMs;
  const baseCap = results.options.baselineCapMs;
  const lines = [
    `Run of ${results.finishedAt.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(results.durationS / 60)} min, ` +
      `${results.machine.cpus} CPUs (load ${results.machine.loadAverageAtEnd[0]} at the end), CLI built ${results.cli.builtAt.slice(0, 16).replace('T', ' ')}; ` +
      `baseline variant \`${results.options.baselineVariant}\`. Figures are p50 / p95 in seconds (one figure when both are equal).`,
  ];
  const faultCases = results.cases.filter((c): c is CaseLike => c.name !== 'censored');
  const censored = results.cases.find((c): c is CensoredCaseLike => c.name === 'censored');
  if (faultCases.length) {
    lines.push(
      '',
      '| case | runs | detect | restored | leaked packets | notifications | failovers | landed on | openvpn detect | openvpn restored | openvpn leaked |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
  }
  for (const c of faultCases) {
    const base = c.baselineFault ? results.baseline.faults[c.baselineFault] : undefined;
    if (c.status !== 'measured') {
      lines.push(`| ${c.name} | ${c.status} | | | | | | | | | |`);
      continue;
    }
    const h = c.holdfast;
    const flapping = h.outageMs !== undefined;
    const landed = [...new Set((c.samples ?? []).map((s) => s.landedOn).filter(Boolean))].join(', ');
    const b = base?.metrics;
    lines.push(
      [
        '',
        c.name,
        `${c.runs.done}/${c.runs.planned}`,
        flapping ? `outage ${pair(h.outageMs, cap, 's')}` : pair(h.detectMs, cap, 's'),
        flapping ? '–' : pair(h.restoredMs, cap, 's'),
        pair(h.leakedPackets, cap, 'count'),
        pair(h.notifications, cap, 'count'),
        pair(h.failoverEvents, cap, 'count'),
        landed || '–',
        b ? (flapping ? `outage ${pair(b.outageMs, baseCap, 's')}` : pair(b.detectMs, baseCap, 's')) : '–',
        b && !flapping ? pair(b.restoredMs, baseCap, 's') : '–',
        b ? pair(b.leakedPackets, baseCap, 'count') : '–',
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  if (censored) lines.push('', censoredTable(censored, cap));
  return lines.join('\n');
}
