import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baselineRemotes, baselineRun, BASELINE_EXTRA } from './baseline-run';
import { BENCH_PREFIX, prepareDataDir, startBenchLab, type BenchLab } from './bench-lab';
import { CASES, FAULTS, type BenchCase, type FaultName } from './cases';
import { holdfastRun, type RunRecord, type Timing } from './holdfast-run';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './options';
import { countRuns, describeRun, metricNames, ratios, summarizeRuns } from './report';

/**
 * `npm run bench`: how fast Holdfast notices a broken server and gets traffic flowing again, what leaks
 * meanwhile and what it tells the user, against plain `openvpn` with several remotes in the same lab.
 * Progress goes to stderr; the results (JSON) to stdout and to --out.
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
  const eventTypesSeen = new Set<string>();
  const caseReports: unknown[] = [];
  const baselineReports = new Map<FaultName, { records: RunRecord[]; report: Record<string, unknown> }>();
  try {
    const version = (await bench.holdfast(path.join(bench.lab.dir, 'version'), ['version'])).stdout.trim();
    const timing: Timing = { capMs: options.capMs, connectTimeoutMs: 60_000, graceMs: 3000 };
    const baselineTiming: Timing = { capMs: options.baselineCapMs, connectTimeoutMs: 60_000, graceMs: 1000 };
    const selected = CASES.filter((c) => options.cases.includes(c.name));

    for (const benchCase of selected) {
      if (interrupted) break;
      caseReports.push(await measureCase(bench, benchCase, options, timing, eventTypesSeen));
    }
    if (options.baseline) {
      const faults = [...new Set(selected.map((c) => c.baseline).filter((f): f is FaultName => f !== null))];
      for (const fault of faults) {
        if (interrupted) break;
        baselineReports.set(fault, await measureBaseline(bench, fault, options, baselineTiming));
      }
    }
    for (const report of caseReports as Array<Record<string, unknown>>) {
      const fault = report.baselineFault as FaultName | null;
      const base = fault ? baselineReports.get(fault) : undefined;
      report.ratioHoldfastToBaseline = ratios(
        report.holdfast as Parameters<typeof ratios>[0],
        base?.report.metrics as Parameters<typeof ratios>[1],
      );
    }

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
      cases: caseReports,
      baseline: {
        client: 'openvpn (stock binary, no Holdfast), one profile with these remotes, in order',
        remotes: baselineRemotes(bench).map((r) => `${r.host} ${r.port} ${r.proto}`),
        extra: BASELINE_EXTRA,
        serverPushes: 'keepalive 10 60 (ping 10, ping-restart 60 on the client)',
        faults: Object.fromEntries([...baselineReports].map(([fault, b]) => [fault, b.report])),
      },
    };
    const json = JSON.stringify(results, null, 2);
    const out = path.resolve(root, options.out);
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.writeFile(out, `${json}\n`);
    process.stdout.write(`${json}\n`);
    log(`results written to ${path.relative(root, out)}`);
    return 0;
  } finally {
    log('tearing the lab down');
    await bench.stop();
  }
}

async function measureCase(
  bench: BenchLab,
  benchCase: BenchCase,
  options: BenchOptions,
  timing: Timing,
  eventTypesSeen: Set<string>,
): Promise<Record<string, unknown>> {
  const fault = FAULTS[benchCase.fault];
  const flapping = fault.windowMs !== undefined;
  const planned = flapping ? options.flapRuns : options.runs;
  const head = {
    name: benchCase.name,
    title: benchCase.title,
    fault: { name: fault.name, what: fault.what },
    startProfile: `server-1-${benchCase.start}`,
    baselineFault: benchCase.baseline,
  };
  const template = await prepareDataDir(bench, benchCase.name, benchCase.settings);
  if (template.refused) {
    log(`${benchCase.name}: not supported yet (${template.refused})`);
    return { ...head, status: 'not supported yet', reason: template.refused, runs: countRuns([], planned), holdfast: {} };
  }
  const records: RunRecord[] = [];
  let timeoutsInARow = 0;
  let stoppedEarly: string | undefined;
  for (let run = 1; run <= planned; run += 1) {
    if (interrupted) {
      stoppedEarly = 'interrupted';
      break;
    }
    const record = await holdfastRun(bench, benchCase, template.dir, run, timing, bench.fleet.credentialsPath).catch(
      (err: unknown): RunRecord => ({ ...emptyRecord(run), error: (err as Error).message }),
    );
    for (const type of record.eventTypes ?? []) eventTypesSeen.add(type);
    records.push(record);
    log(describeRun(`${benchCase.name} ${run}/${planned}`, record));
    timeoutsInARow = record.restoredMs === 'timeout' ? timeoutsInARow + 1 : 0;
    if (options.stopAfterTimeouts > 0 && timeoutsInARow >= options.stopAfterTimeouts && run < planned) {
      stoppedEarly = `${timeoutsInARow} runs in a row did not restore traffic within ${timing.capMs / 1000} s; the other ${planned - run} were skipped (--stop-after-timeouts 0 runs them all)`;
      log(`${benchCase.name}: ${stoppedEarly}`);
      break;
    }
  }
  const metrics = summarizeRuns(records, metricNames(flapping, false));
  const okRuns = records.filter((r) => r.ok);
  return {
    ...head,
    status: 'measured',
    runs: countRuns(records, planned, stoppedEarly),
    holdfast: metrics,
    ...(benchCase.expectLandingOn
      ? {
          expectation: {
            landsOn: benchCase.expectLandingOn,
            met: okRuns.filter((r) => r.expectationMet).length,
            of: okRuns.length,
          },
        }
      : {}),
    ...(flapping ? { flapsPerRun: okRuns.map((r) => r.downs ?? 0) } : {}),
    samples: records,
  };
}

async function measureBaseline(
  bench: BenchLab,
  fault: FaultName,
  options: BenchOptions,
  timing: Timing,
): Promise<{ records: RunRecord[]; report: Record<string, unknown> }> {
  const records: RunRecord[] = [];
  for (let run = 1; run <= options.baselineRuns && !interrupted; run += 1) {
    const record = await baselineRun(bench, fault, run, timing).catch(
      (err: unknown): RunRecord => ({ ...emptyRecord(run), error: (err as Error).message }),
    );
    records.push(record);
    log(describeRun(`baseline ${fault} ${run}/${options.baselineRuns}`, record));
  }
  const flapping = FAULTS[fault].windowMs !== undefined;
  return {
    records,
    report: {
      fault: { name: fault, what: FAULTS[fault].what },
      runs: countRuns(records, options.baselineRuns, interrupted ? 'interrupted' : undefined),
      metrics: summarizeRuns(records, metricNames(flapping, true)),
      samples: records,
    },
  };
}

function emptyRecord(run: number): RunRecord {
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

export { BENCH_USAGE };
