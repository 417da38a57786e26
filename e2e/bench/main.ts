import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baselineExtra, baselineRemotes, baselineRun } from './baseline-run';
import { BENCH_PREFIX, startBenchLab, type BenchLab } from './bench-lab';
import { CaseRunner, emptyRecord } from './case-runner';
import { CASES, CENSORED_CASE, FAULTS, type FaultName } from './cases';
import { CensoredRunner } from './censored-runner';
import type { RunRecord, Timing } from './holdfast-run';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './options';
import { countRuns, describeRun, metricNames, ratios, summarizeRuns } from './report';
import type { Summary } from './stats';

/**
 * `npm run bench`: how fast Holdfast notices a broken server and gets traffic flowing again, what leaks
 * meanwhile and what it tells the user, against plain `openvpn` with several remotes in the same lab.
 * Order: one run of every Holdfast case, then the baseline, then more Holdfast rounds while the time
 * budget lasts. Progress goes to stderr; the results (JSON) to stdout and to --out.
 */
const started = Date.now();
const log = (text: string): void => {
  const s = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${text}\n`);
};

let interrupted = false;

export async function runBench(argv: string[], root: string): Promise<number> {
  const parsed = parseBenchOptions(argv);
  if (!parsed.ok) {
    (parsed.help ? process.stdout : process.stderr).write(`${parsed.message}\n`);
    return parsed.help ? 0 : 2;
  }
  const options = parsed.value;
  const cli = path.join(root, 'out/main/cli.js');
  const cliStat = await fs.stat(cli);
  const onSignal = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log('interrupted: finishing the current run, then writing what was measured (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  log(`starting the lab (${BENCH_PREFIX}: 2 servers x WireGuard UDP, OpenVPN UDP 1194, OpenVPN TCP 443)`);
  const bench = await startBenchLab(cli);
  const censored = options.cases.includes(CENSORED_CASE) ? new CensoredRunner(options, log) : null;
  try {
    const version = (await bench.holdfast(path.join(bench.lab.dir, 'version'), ['version'])).stdout.trim();
    const timing: Timing = { capMs: options.capMs, connectTimeoutMs: 60_000, graceMs: 2000 };
    const baselineTiming: Timing = { capMs: options.baselineCapMs, connectTimeoutMs: 60_000, graceMs: 1000 };
    const selected = CASES.filter((c) => options.cases.includes(c.name));
    const runners = options.baselineOnly ? [] : selected.map((c) => new CaseRunner(c, options, log));
    const eventTypesSeen = new Set<string>();

    for (const runner of runners) await runner.prepare(bench);
    await censored?.prepare(bench);
    // The censored case takes part in the rounds like a fault case; with --baseline-only only its baseline runs.
    const rounds: Array<CaseRunner | CensoredRunner> = [
      ...runners,
      ...(censored && !options.baselineOnly ? [censored] : []),
    ];
    for (const runner of rounds) if (!interrupted) await runner.runOnce(bench, timing, eventTypesSeen);
    const baselines = new Map<FaultName, Record<string, unknown>>();
    if (options.baseline) {
      const faults = [...new Set(selected.map((c) => c.baseline).filter((f): f is FaultName => f !== null))];
      for (const fault of faults) {
        if (!interrupted) baselines.set(fault, await measureBaseline(bench, fault, options, baselineTiming));
      }
      if (censored && !interrupted) await censored.measureBaseline(bench, options.baselineCapMs, () => interrupted);
    }
    while (!interrupted && rounds.some((r) => !r.finished)) {
      for (const runner of rounds) {
        if (interrupted || runner.finished) continue;
        const remaining = options.budgetMs > 0 ? options.budgetMs - (Date.now() - started) : Number.POSITIVE_INFINITY;
        if (runner.mayRunWithin(remaining)) await runner.runOnce(bench, timing, eventTypesSeen);
      }
    }
    if (interrupted) for (const runner of rounds) runner.stop('interrupted');

    const cases: Array<Record<string, unknown>> = runners.map((runner) => {
      const report = runner.report();
      const base = runner.benchCase.baseline ? baselines.get(runner.benchCase.baseline) : undefined;
      return {
        ...report,
        ratioHoldfastToBaseline: ratios(
          report.holdfast as Record<string, Summary>,
          base?.metrics as Record<string, Summary> | undefined,
          options.baselineCapMs,
        ),
      };
    });
    if (censored) cases.push(censored.report());
    const results = {
      benchmark: 'holdfast resilience',
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      durationS: Math.round((Date.now() - started) / 1000),
      interrupted,
      machine: {
        cpus: os.cpus().length,
        loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
        node: process.version,
        kernel: os.release(),
      },
      cli: {
        path: path.relative(root, cli),
        version,
        builtAt: cliStat.mtime.toISOString(),
        eventTypesSeen: [...eventTypesSeen].sort(),
        emitsDrop: eventTypesSeen.has('drop'),
        emitsFailover: eventTypesSeen.has('failover'),
        emitsNotification: eventTypesSeen.has('notification'),
      },
      options: { ...options, probe: 'GET every 100 ms per page, 700 ms timeout, 2 in flight per page' },
      cases,
      baseline: {
        client: 'openvpn (the stock binary, no Holdfast), one profile with these remotes in this order',
        variant: options.baselineVariant,
        remotes: baselineRemotes(bench).map((r) => `${r.host} ${r.port} ${r.proto}`),
        extra: baselineExtra(options.baselineVariant),
        serverPushes: 'keepalive 10 60 (the client gets ping 10, ping-restart 60)',
        faults: Object.fromEntries(baselines),
      },
    };
    const json = JSON.stringify(results, null, 2);
    const out = path.resolve(root, options.out);
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, `${json}\n`);
    process.stdout.write(`${json}\n`);
    log(`results written to ${path.relative(process.cwd(), out)}`);
    return 0;
  } finally {
    log('tearing the lab down');
    await censored?.dispose();
    await bench.stop();
  }
}

async function measureBaseline(
  bench: BenchLab,
  fault: FaultName,
  options: BenchOptions,
  timing: Timing,
): Promise<Record<string, unknown>> {
  const records: RunRecord[] = [];
  for (let run = 1; run <= options.baselineRuns && !interrupted; run += 1) {
    const record = await baselineRun(bench, fault, run, timing, options.baselineVariant).catch(
      (err: unknown): RunRecord => ({ ...emptyRecord(run), error: (err as Error).message }),
    );
    records.push(record);
    log(describeRun(`baseline ${fault} ${run}/${options.baselineRuns}`, record));
  }
  const flapping = FAULTS[fault].windowMs !== undefined;
  return {
    fault: { name: fault, what: FAULTS[fault].what },
    runs: countRuns(records, options.baselineRuns, interrupted ? 'interrupted' : undefined),
    metrics: summarizeRuns(records, metricNames(flapping, true)),
    samples: records,
  };
}

export { BENCH_USAGE };
