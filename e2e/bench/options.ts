import { parseArgs } from 'node:util';
import { CASE_NAMES } from './cases';

export type BaselineVariant = 'typical' | 'no-persist-tun';
export const BASELINE_VARIANTS: BaselineVariant[] = ['typical', 'no-persist-tun'];

export interface BenchOptions {
  cases: string[];
  runs: number;
  flapRuns: number;
  /** Runs of the censored case (three phases each, about 30 s). */
  censoredRuns: number;
  /** The censored case's `disguise.order` (comma-separated), or undefined for Holdfast's default order. */
  disguiseOrder: string | undefined;
  baselineRuns: number;
  baseline: boolean;
  baselineOnly: boolean;
  baselineVariant: BaselineVariant;
  capMs: number;
  baselineCapMs: number;
  /** Stop a case after this many runs in a row did not restore traffic (0: never). */
  stopAfterTimeouts: number;
  /** Holdfast runs beyond the minimum stop once the whole bench has taken this long (0: no limit). */
  budgetMs: number;
  out: string;
}

/** The time budget never cuts a case below this many runs. */
export const MIN_RUNS = 3;

export const BENCH_USAGE = `Usage: npm run bench -- [options]   (root; needs the lab programs and npm run build)

  --case NAME            only this case (repeat or comma-separate); names: ${CASE_NAMES.join(', ')}
  --runs N               Holdfast runs per incident case (default 10)
  --flap-runs N          runs of the 60 s flapping case (default 2)
  --censored-runs N      runs of the censored case, about 30 s each (default 5)
  --disguise-order LIST  the censored case's disguise order, e.g. tls or obfs4,tls (default: Holdfast's own,
                         Shadowsocks first); set in the data folder with \`holdfast settings\`, as a user would
  --baseline-runs N      plain-openvpn runs per fault (default 1; each takes one to two minutes)
  --baseline-variant V   typical (persist-tun, as providers ship it; default) or no-persist-tun
  --no-baseline          skip plain openvpn
  --baseline-only        only plain openvpn, for the faults of the selected cases
  --cap-seconds S        how long a Holdfast run waits for traffic to come back (default 30)
  --baseline-cap-seconds S   the same for plain openvpn (default 90 for typical: it never gets there;
                         150 for no-persist-tun, which reconnects after about two minutes)
  --stop-after-timeouts N    stop a case after N runs in a row time out (default 2, 0 = never)
  --budget-minutes M     stop adding Holdfast runs once the bench has run this long; every case still
                         gets ${MIN_RUNS} runs (default 15, 0 = no limit)
  --out FILE             where the JSON goes (default test-results/bench/results.json)
  --table [FILE]         print the markdown results table of a results.json (no lab needed)
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
        'censored-runs': { type: 'string', default: '5' },
        'disguise-order': { type: 'string' },
        'baseline-runs': { type: 'string', default: '1' },
        'no-baseline': { type: 'boolean', default: false },
        'baseline-only': { type: 'boolean', default: false },
        'baseline-variant': { type: 'string', default: 'typical' },
        'cap-seconds': { type: 'string', default: '30' },
        'baseline-cap-seconds': { type: 'string' },
        'budget-minutes': { type: 'string', default: '15' },
        'stop-after-timeouts': { type: 'string', default: '2' },
        out: { type: 'string', default: 'test-results/bench/results.json' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const v = parsed.values;
  if (v.help) return { ok: false, message: BENCH_USAGE, help: true };
  const known = new Set(CASE_NAMES);
  const cases = (v.case ?? [])
    .flatMap((c) => c.split(','))
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = cases.filter((c) => !known.has(c));
  if (unknown.length)
    return { ok: false, message: `unknown case ${unknown.join(', ')}; cases: ${[...known].join(', ')}` };
  const int = (name: string, raw: string, min: number, max: number): number | string => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : `--${name} must be a whole number from ${min} to ${max}`;
  };
  const values = {
    runs: int('runs', v.runs, 1, 1000),
    flapRuns: int('flap-runs', v['flap-runs'], 1, 1000),
    censoredRuns: int('censored-runs', v['censored-runs'], 1, 1000),
    baselineRuns: int('baseline-runs', v['baseline-runs'], 1, 1000),
    cap: int('cap-seconds', v['cap-seconds'], 5, 600),
    baselineCap: int(
      'baseline-cap-seconds',
      v['baseline-cap-seconds'] ?? (v['baseline-variant'] === 'no-persist-tun' ? '150' : '90'),
      30,
      1200,
    ),
    stopAfter: int('stop-after-timeouts', v['stop-after-timeouts'], 0, 1000),
    budget: int('budget-minutes', v['budget-minutes'], 0, 24 * 60),
  };
  const problem = Object.values(values).find((x): x is string => typeof x === 'string');
  if (problem) return { ok: false, message: problem };
  const variant = v['baseline-variant'] as BaselineVariant;
  if (!BASELINE_VARIANTS.includes(variant)) {
    return { ok: false, message: `--baseline-variant must be one of ${BASELINE_VARIANTS.join(', ')}` };
  }
  const order = v['disguise-order']?.trim();
  if (order !== undefined && !/^[a-z0-9]+(,[a-z0-9]+)*$/.test(order)) {
    return { ok: false, message: '--disguise-order takes disguise names separated by commas, e.g. tls,obfs4' };
  }
  if (v['no-baseline'] && v['baseline-only'])
    return { ok: false, message: '--no-baseline and --baseline-only exclude each other' };
  return {
    ok: true,
    value: {
      cases: cases.length ? cases : [...known],
      runs: values.runs as number,
      flapRuns: values.flapRuns as number,
      censoredRuns: values.censoredRuns as number,
      disguiseOrder: order,
      baselineRuns: values.baselineRuns as number,
      baseline: !v['no-baseline'],
      baselineOnly: v['baseline-only'],
      baselineVariant: variant,
      capMs: (values.cap as number) * 1000,
      baselineCapMs: (values.baselineCap as number) * 1000,
      stopAfterTimeouts: values.stopAfter as number,
      budgetMs: (values.budget as number) * 60_000,
      out: v.out,
    },
  };
}
