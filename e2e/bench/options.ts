import { parseArgs } from 'node:util';
import { CASES } from './cases';

export interface BenchOptions {
  cases: string[];
  runs: number;
  flapRuns: number;
  baselineRuns: number;
  baseline: boolean;
  capMs: number;
  baselineCapMs: number;
  /** Stop a case after this many runs in a row did not restore traffic (0: never). */
  stopAfterTimeouts: number;
  out: string;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]   (root; needs the lab programs and npm run build)

  --case NAME            only this case (repeat or comma-separate); names: ${CASES.map((c) => c.name).join(', ')}
  --runs N               Holdfast runs per incident case (default 10)
  --flap-runs N          runs of the 60 s flapping case (default 2)
  --baseline-runs N      plain-openvpn runs per fault (default 1; each takes one to three minutes)
  --no-baseline          skip plain openvpn
  --cap-seconds S        how long a Holdfast run waits for traffic to come back (default 30)
  --baseline-cap-seconds S   the same for plain openvpn (default 180)
  --stop-after-timeouts N    stop a case after N runs in a row time out (default 3, 0 = never)
  --out FILE             where the JSON goes (default test-results/bench/results.json)
  --help`;

export type OptionsResult = { ok: true; value: BenchOptions } | { ok: false; message: string; help?: boolean };

export function parseBenchOptions(argv: string[]): OptionsResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        case: { type: 'string', multiple: true },
        runs: { type: 'string', default: '10' },
        'flap-runs': { type: 'string', default: '2' },
        'baseline-runs': { type: 'string', default: '1' },
        'no-baseline': { type: 'boolean', default: false },
        'cap-seconds': { type: 'string', default: '30' },
        'baseline-cap-seconds': { type: 'string', default: '180' },
        'stop-after-timeouts': { type: 'string', default: '3' },
        out: { type: 'string', default: 'test-results/bench/results.json' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { ok: false, message: BENCH_USAGE, help: true };
  const known = new Set(CASES.map((c) => c.name));
  const cases = (v.case ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  const unknown = cases.filter((c) => !known.has(c));
  if (unknown.length) return { ok: false, message: `unknown case ${unknown.join(', ')}; cases: ${[...known].join(', ')}` };
  const int = (name: string, raw: string, min: number, max: number): number | string => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : `--${name} must be a whole number from ${min} to ${max}`;
  };
  const values = {
    runs: int('runs', v.runs, 1, 1000),
    flapRuns: int('flap-runs', v['flap-runs'], 1, 1000),
    baselineRuns: int('baseline-runs', v['baseline-runs'], 1, 1000),
    cap: int('cap-seconds', v['cap-seconds'], 5, 600),
    baselineCap: int('baseline-cap-seconds', v['baseline-cap-seconds'], 30, 1200),
    stopAfter: int('stop-after-timeouts', v['stop-after-timeouts'], 0, 1000),
  };
  const problem = Object.values(values).find((x): x is string => typeof x === 'string');
  if (problem) return { ok: false, message: problem };
  return {
    ok: true,
    value: {
      cases: cases.length ? cases : [...known],
      runs: values.runs as number,
      flapRuns: values.flapRuns as number,
      baselineRuns: values.baselineRuns as number,
      baseline: !v['no-baseline'],
      capMs: (values.cap as number) * 1000,
      baselineCapMs: (values.baselineCap as number) * 1000,
      stopAfterTimeouts: values.stopAfter as number,
      out: v.out,
    },
  };
}
