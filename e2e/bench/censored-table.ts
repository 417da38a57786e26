/**
 * The censored case's table in docs/benchmarks.md, from its entry in a results.json: each figure against its
 * goal, then plain openvpn against the same censor.
 */
interface FigureLike {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
  timedOut: number;
  goal: number;
  pass: boolean;
}
export interface CensoredCaseLike {
  name: string;
  status: string;
  runs: { done: number; planned: number; leftSomethingBehind?: number };
  holdfast: Partial<Record<'firstConnectMs' | 'secondConnectMs' | 'restoreMs' | 'leakedPackets', FigureLike>>;
  routes?: Record<string, Record<string, number>>;
  startedDisguised?: { met: number; of: number };
  disguiseOrder?: string;
  baseline?: { runs: Array<{ proto: string; outcome: string; error?: string }> };
}

const sec = (ms: number | null): string => (ms === null ? '–' : (ms / 1000).toFixed(2));

function timeRow(label: string, f: FigureLike | undefined, capS: number, note: string): string {
  if (!f || f.n === 0) return `| ${label} | – | – | – | not measured | ${note} |`;
  const p = (v: number | null): string => (v === null ? `>${capS}` : sec(v));
  return `| ${label} | <= ${f.goal / 1000} s | ${p(f.p50)} | ${p(f.p95)} | ${f.pass ? 'met' : 'missed'} | ${note} |`;
}

const routes = (counts: Record<string, number> | undefined): string =>
  Object.entries(counts ?? {})
    .map(([route, n]) => `${route} ${n}`)
    .join(', ');

export function censoredTable(c: CensoredCaseLike, capMs: number): string {
  const capS = capMs / 1000;
  const h = c.holdfast;
  const leaks = h.leakedPackets;
  const lines = [
    `Censored case: ${c.runs.done}/${c.runs.planned} runs${c.runs.leftSomethingBehind ? `, ${c.runs.leftSomethingBehind} left something behind` : ''}${c.disguiseOrder ? `, disguise order ${c.disguiseOrder}` : ''}. Figures in seconds.`,
    '',
    '| figure | goal | p50 | p95 | result | routes that carried the first page |',
    '| --- | --- | --- | --- | --- | --- |',
    timeRow('first connect, fresh network', h.firstConnectMs, capS, routes(c.routes?.first)),
    timeRow(
      'second connect, same network',
      h.secondConnectMs,
      capS,
      `${routes(c.routes?.second)}${c.startedDisguised ? `; started disguised ${c.startedDisguised.met} of ${c.startedDisguised.of}` : ''}`,
    ),
    timeRow('censor on mid-session, to traffic again', h.restoreMs, capS, routes(c.routes?.midSession)),
    leaks && leaks.n > 0
      ? `| leaked packets per run | 0 | ${leaks.p50} | ${leaks.p95} | ${leaks.pass ? 'met' : 'missed'} | max ${leaks.max} |`
      : '| leaked packets per run | 0 | – | – | not measured | |',
  ];
  for (const run of c.baseline?.runs ?? []) {
    lines.push(`| plain openvpn, ${run.proto.toUpperCase()} | – | ${run.error ? 'not measured' : run.outcome} | | | |`);
  }
  return lines.join('\n');
}
