import path from 'node:path';
import { snapshotNetns } from '../lab/lab';
import { sleep } from '../lab/lab-commands';
import { NdjsonWatcher } from '../lab/cli-process';
import type { BenchLab } from './bench-lab';
import { copyDataDir } from './bench-lab';
import { FAULTS, serverIndexOf, transportOf, type BenchCase } from './cases';
import { eventTypes, incidentFigures } from './event-metrics';
import { PageProbe } from './probe-process';
import type { Sample } from './stats';

/**
 * One Holdfast run: the built CLI connects from the client namespace to server 1, a steady probe fetches
 * the pages behind the servers, the fault is injected, and the run records when the CLI noticed, when
 * traffic flowed again (through any server), what leaked, and what the CLI said meanwhile.
 */
export interface Timing {
  capMs: number;
  connectTimeoutMs: number;
  /** Kept open after traffic is restored, for the notification that closes the incident. */
  graceMs: number;
}

export interface RunRecord {
  run: number;
  ok: boolean;
  error?: string;
  connectMs: Sample;
  detectMs: Sample;
  detectedBy?: string | null;
  dropSaysMs?: number | null;
  restoredMs: Sample;
  restoredVia?: string | null;
  landedOn?: string | null;
  leakedPackets: number | null;
  /** Successful fetches of the outside page after the fault: traffic that reached the open network. */
  outsideReached: number | null;
  notifications?: number;
  notificationTitles?: string[];
  failoverEvents?: number;
  failovers?: string[];
  dropEvents?: number;
  profileSwitches?: number;
  connectedTo?: string[];
  /** `connected` reported for a profile of the faulty server after the fault (data-frozen must be 0). */
  connectedToFaultyServer?: number;
  outageMs?: number;
  downs?: number;
  restarts?: number;
  expectationMet?: boolean | null;
  /** The client namespace was exactly as before once the client had stopped. */
  cleanAfter: boolean | null;
  eventTypes?: string[];
  /** The client's own words after the fault (plain openvpn: its log), trimmed, for reading a surprising run. */
  logAfterFault?: string[];
}

export async function holdfastRun(
  bench: BenchLab,
  benchCase: BenchCase,
  dataTemplate: string,
  run: number,
  timing: Timing,
  credentialsPath: string,
): Promise<RunRecord> {
  const { lab } = bench;
  const target = lab.servers[0]!;
  const startProfile = `${target.name}-${benchCase.start}`;
  const fault = FAULTS[benchCase.fault];
  const dataDir = path.join(lab.dir, `run-${benchCase.name}-${run}`);
  await copyDataDir(dataTemplate, dataDir);

  const record: RunRecord = {
    run,
    ok: false,
    connectMs: null,
    detectMs: null,
    restoredMs: null,
    leakedPackets: null,
    outsideReached: null,
    cleanAfter: null,
  };
  const spawnedAt = Date.now();
  const cli = new NdjsonWatcher(
    lab.spawnInClient(process.execPath, [
      bench.cli,
      '--data-dir',
      dataDir,
      '--credentials',
      credentialsPath,
      'connect',
      '--json',
      startProfile,
    ]),
  );
  let probe: PageProbe | undefined;
  let handle: Awaited<ReturnType<typeof fault.inject>> | undefined;
  try {
    const connected = await cli
      .waitFor(
        (e) => e.type === 'state' && (e.state === 'connected' || e.state === 'failed'),
        timing.connectTimeoutMs,
        'connected',
      )
      .catch(() => null);
    if (!connected || connected.state !== 'connected') {
      record.error = `did not connect to ${startProfile} within ${timing.connectTimeoutMs / 1000} s: ${lastReason(cli)}`;
      return record;
    }
    record.connectMs = Date.parse(String(connected.at)) - spawnedAt;

    probe = await PageProbe.start(lab, [...bench.serverPages, lab.outside.pageUrl]);
    const warm = await probe.firstSuccessAfter(Date.now(), 10_000, bench.serverPages);
    if (!warm) {
      record.error = `connected, but no page behind the servers answered within 10 s ${probe.diagnostics()}`;
      return record;
    }
    await sleep(1000);
    const leaksBefore = await lab.countLeaks();
    handle = await fault.inject(lab, target);
    const faultAt = Date.now();

    let end: number;
    if (fault.windowMs) {
      await sleep(fault.windowMs);
      await handle.stop();
      end = Date.now();
      record.outageMs = probe.outageMs(faultAt, end, bench.serverPages);
      record.downs = handle.downs();
    } else {
      const restored = await probe.firstSuccessAfter(faultAt, timing.capMs, bench.serverPages);
      if (restored) {
        record.restoredMs = restored.done - faultAt;
        record.restoredVia = restored.url;
        await sleep(timing.graceMs);
      } else {
        record.restoredMs = 'timeout';
      }
      end = Date.now();
    }
    record.leakedPackets = (await lab.countLeaks()) - leaksBefore;
    record.outsideReached = probe.count([lab.outside.pageUrl], faultAt, end);

    const figures = incidentFigures(cli.events, faultAt, end, startProfile);
    record.detectMs = figures.detectMs ?? 'timeout';
    record.detectedBy = figures.detectedBy;
    record.dropSaysMs = figures.dropSaysMs;
    record.notifications = figures.notifications;
    record.notificationTitles = figures.notificationTitles;
    record.failoverEvents = figures.failoverEvents;
    record.failovers = figures.failovers;
    record.dropEvents = figures.dropEvents;
    record.profileSwitches = figures.profileSwitches;
    record.connectedTo = figures.connectedTo;
    record.landedOn = figures.connectedTo.at(-1) ?? null;
    record.connectedToFaultyServer = figures.connectedTo.filter((p) => serverIndexOf(p) === target.index).length;
    if (benchCase.expectLandingOn) {
      record.expectationMet = record.landedOn ? transportOf(record.landedOn) === benchCase.expectLandingOn : false;
    }
    record.ok = true;
    return record;
  } finally {
    await probe?.stop();
    await handle?.stop();
    await stopCli(cli);
    record.eventTypes = eventTypes(cli.events);
    await lab.restoreAll();
    record.cleanAfter = (await snapshotNetns(lab.clientNs)) === bench.cleanSnapshot;
  }
}

export function lastReason(cli: NdjsonWatcher): string {
  const last = [...cli.events].reverse().find((e) => e.type === 'state' || e.type === 'error');
  const said = last ? String(last.reason ?? last.message ?? '') : '';
  return said || cli.stderr.trim().slice(-300) || 'no events';
}

/** SIGINT is Ctrl-C: the CLI disconnects and removes everything; SIGKILL only if it hangs. */
export async function stopCli(cli: NdjsonWatcher): Promise<void> {
  const child = cli.child;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const exited = await Promise.race([cli.exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!exited) {
    child.kill('SIGKILL');
    await cli.exited;
  }
}
