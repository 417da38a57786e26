import { snapshotNetns } from '../lab/lab';
import { sleep, waitUntil } from '../lab/lab-commands';
import { NdjsonWatcher } from '../lab/cli-process';
import type { BenchLab } from './bench-lab';
import type { CensoredLab } from './censored-lab';
import {
  attemptLines,
  connectedAfter,
  firstEventAfter,
  plainFailuresBefore,
  timeline,
  type ConnectedSeen,
  type PhaseSample,
  type RouteSeen,
} from './censored-figures';
import { eventTypes } from './event-metrics';
import { lastReason, stopCli } from './holdfast-run';
import { PageProbe } from './probe-process';

/**
 * The two kinds of phase of a censored run. A connect phase: `holdfast connect` with the censor on, timed from
 * the CLI's start to the first page fetched through the tunnel. A mid-session phase: connected plainly with the
 * censor off and pages flowing, the censor switched on, timed to the first page fetched again. Every phase ends
 * with the CLI stopped (Ctrl-C) and the client namespace compared with its state before.
 */
export const START_PROFILE = 'server-1-wg';
const LANDING_GRACE_MS = 5000;

export interface PhaseRecord extends PhaseSample {
  error?: string;
  /** From the phase's time zero to the `connected` event of the route that carried the first page. */
  connectedMs: number | null;
  profile: string | null;
  /** The disguise that carried the first page and why; null for a plain route. */
  route: RouteSeen | null;
  restoredVia?: string | null;
  /** Second connect: route `remembered` and no drop or failover before it, i.e. no plain route tried first. */
  startedDisguised?: boolean;
  /** Mid-session: censor on to the CLI's drop event, and what the CLI says it took. */
  detectMs?: number | null;
  /** Mid-session: the route before the censor came on (null: plain, as it must be). */
  routeBefore?: RouteSeen | null;
  /** The client namespace as before, and no disguise program left running, once the CLI stopped. */
  cleanAfter: boolean | null;
  attempts: string[];
  timeline: string[];
  eventTypes: string[];
}

export function emptyPhase(): PhaseRecord {
  return {
    ms: null,
    leakedPackets: null,
    connectedMs: null,
    profile: null,
    route: null,
    cleanAfter: null,
    attempts: [],
    timeline: [],
    eventTypes: [],
  };
}

function spawnCli(bench: BenchLab, dataDir: string): NdjsonWatcher {
  return new NdjsonWatcher(
    bench.lab.spawnInClient(process.execPath, [
      bench.cli,
      '--data-dir',
      dataDir,
      '--credentials',
      bench.fleet.credentialsPath,
      'connect',
      '--json',
      START_PROFILE,
    ]),
  );
}

async function killSwitchUp(bench: BenchLab): Promise<boolean> {
  return (await bench.lab.exec(bench.lab.clientNs, 'nft', ['list', 'table', 'inet', 'holdfast'])).code === 0;
}

/** Disguise programs Holdfast started (they drop root to nobody; the lab's disguise servers run as root). */
async function disguisePrograms(bench: BenchLab): Promise<number> {
  const found = await bench.lab.exec(bench.lab.clientNs, 'pgrep', [
    '-u',
    'nobody',
    '-f',
    'ss-tunnel|ss-local|stunnel4|obfs4proxy',
  ]);
  return found.stdout.split('\n').filter(Boolean).length;
}

/** The `connected` event of the route that carried the first page, waiting briefly when it trails the page. */
async function landing(cli: NdjsonWatcher, since: number): Promise<ConnectedSeen | null> {
  const isLanding = (e: Record<string, unknown>): boolean =>
    e.type === 'state' && e.state === 'connected' && Date.parse(String(e.at)) >= since;
  await cli.waitFor(isLanding, LANDING_GRACE_MS, 'connected').catch(() => null);
  return connectedAfter(cli.events, since);
}

async function finish(bench: BenchLab, phase: PhaseRecord, cli: NdjsonWatcher, probe: PageProbe): Promise<void> {
  await probe.stop();
  await stopCli(cli);
  phase.eventTypes = eventTypes(cli.events);
  phase.cleanAfter =
    (await snapshotNetns(bench.lab.clientNs)) === bench.cleanSnapshot && (await disguisePrograms(bench)) === 0;
}

/**
 * `holdfast connect` with the censor on. The probe runs from before the CLI starts, so the first page is seen
 * within 100 ms of the tunnel carrying it. Leaks are counted from the moment Holdfast's kill switch is in place:
 * before that Holdfast runs nothing, and the probe's packets in the clear would be the machine's, not its.
 */
export async function connectPhase(
  bench: BenchLab,
  dataDir: string,
  capMs: number,
  second: boolean,
): Promise<PhaseRecord> {
  const { lab } = bench;
  const phase = emptyPhase();
  const probe = await PageProbe.start(lab, bench.serverPages);
  await sleep(300); // the probe's Node start-up, so it is already asking when the CLI starts
  const spawnedAt = Date.now();
  const cli = spawnCli(bench, dataDir);
  try {
    const guarded = await waitUntil(async () => cli.child.exitCode !== null || (await killSwitchUp(bench)), capMs, 20);
    if (!guarded || cli.child.exitCode !== null) {
      phase.error = `the kill switch never came up: ${lastReason(cli)}`;
      return phase;
    }
    const leaksBefore = await lab.countLeaks();
    const page = await probe.firstSuccessAfter(
      spawnedAt,
      Math.max(0, spawnedAt + capMs - Date.now()),
      bench.serverPages,
    );
    const end = page?.done ?? Date.now();
    phase.ms = page ? page.done - spawnedAt : 'timeout';
    phase.restoredVia = page?.url ?? null;
    phase.leakedPackets = (await lab.countLeaks()) - leaksBefore;
    const seen = await landing(cli, spawnedAt);
    phase.connectedMs = seen ? seen.at - spawnedAt : null;
    phase.profile = seen?.profile ?? null;
    phase.route = seen?.route ?? null;
    if (second) {
      const until = seen?.at ?? end;
      phase.startedDisguised =
        seen?.route?.why === 'remembered' && plainFailuresBefore(cli.events, spawnedAt, until) === 0;
    }
    if (!page) phase.error = `no page within ${capMs / 1000} s: ${lastReason(cli)}`;
    return phase;
  } finally {
    phase.attempts = attemptLines(cli.events, spawnedAt);
    phase.timeline = timeline(cli.events, spawnedAt);
    await finish(bench, phase, cli, probe);
  }
}

/**
 * Connected plainly with the censor off and pages flowing, then the censor switches on: time zero is when the
 * switch returned, as for the other faults. The censor also cuts flows it recognised before, so every page
 * after it came through a new route; `route` says whether that route was disguised.
 */
export async function midSessionPhase(
  bench: BenchLab,
  censored: CensoredLab,
  dataDir: string,
  capMs: number,
  connectTimeoutMs: number,
): Promise<PhaseRecord> {
  const { lab } = bench;
  const phase = emptyPhase();
  await censored.censor.off();
  const spawnedAt = Date.now();
  const cli = spawnCli(bench, dataDir);
  const probe = await PageProbe.start(lab, bench.serverPages);
  let onAt = spawnedAt;
  try {
    const plain = await cli
      .waitFor(
        (e) => e.type === 'state' && ['connected', 'failed'].includes(String(e.state)),
        connectTimeoutMs,
        'connected',
      )
      .catch(() => null);
    if (plain?.state !== 'connected') {
      phase.error = `did not connect with the censor off within ${connectTimeoutMs / 1000} s: ${lastReason(cli)}`;
      return phase;
    }
    phase.routeBefore = connectedAfter(cli.events, spawnedAt)?.route ?? null;
    if (!(await probe.firstSuccessAfter(Date.now(), 10_000, bench.serverPages))) {
      phase.error = `connected, but no page answered within 10 s ${probe.diagnostics()}`;
      return phase;
    }
    await sleep(1000);
    const leaksBefore = await lab.countLeaks();
    await censored.censor.on();
    onAt = Date.now();
    const page = await probe.firstSuccessAfter(onAt, capMs, bench.serverPages);
    phase.ms = page ? page.done - onAt : 'timeout';
    phase.restoredVia = page?.url ?? null;
    phase.leakedPackets = (await lab.countLeaks()) - leaksBefore;
    const seen = await landing(cli, onAt);
    phase.connectedMs = seen ? seen.at - onAt : null;
    phase.profile = seen?.profile ?? null;
    phase.route = seen?.route ?? null;
    phase.detectMs = firstEventAfter(cli.events, 'drop', onAt);
    if (!page) phase.error = `traffic did not come back within ${capMs / 1000} s: ${lastReason(cli)}`;
    return phase;
  } finally {
    phase.attempts = attemptLines(cli.events, onAt);
    phase.timeline = timeline(cli.events, onAt);
    await finish(bench, phase, cli, probe);
    await censored.censor.off();
  }
}
