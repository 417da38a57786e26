import { snapshotNetns } from '../lab/lab';
import { sleep } from '../lab/lab-commands';
import { OPENVPN_TCP_PORT, OPENVPN_UDP_PORT, type OvpnRemote } from '../lab/lab-openvpn-fleet';
import { startPlainOpenVpn, type PlainOpenVpnClient } from '../lab/plain-openvpn-client';
import type { BenchLab } from './bench-lab';
import { BENCH_PREFIX } from './bench-lab';
import { FAULTS, type FaultName } from './cases';
import type { RunRecord, Timing } from './holdfast-run';
import type { BaselineVariant } from './options';
import { PageProbe } from './probe-process';

/**
 * The same faults against the stock `openvpn` client with a provider-style profile listing several
 * remotes, the way people use it without Holdfast: OpenVPN notices a dead server by its own timers
 * (the server pushes `keepalive 10 60`: ping every 10 s, restart after 60 s of silence) and moves on
 * to the next remote. "Detected" is the log line where it gives up on the server; "restored" the first
 * page fetched through any server afterwards.
 */
export function baselineExtra(variant: BaselineVariant): string[] {
  // What provider profiles typically add. persist-tun keeps the tunnel device and its routes across a
  // restart (no leak while reconnecting), which also sends the next remote's packets into the dead tunnel.
  const typical = ['resolv-retry infinite', 'persist-key', 'persist-tun', 'connect-retry 1'];
  return variant === 'typical' ? typical : typical.filter((line) => line !== 'persist-tun');
}
const RESTART_LINE = /Inactivity timeout|process restarting|Restart pause|Connection reset|SIGUSR1\[/;
const PEER_LINE = /Peer Connection Initiated with \[AF_INET\]([\d.]+):(\d+)/;

export function baselineRemotes(bench: BenchLab): OvpnRemote[] {
  const servers = bench.lab.servers;
  return [
    ...servers.map((s) => ({ host: s.underlayIp, port: OPENVPN_UDP_PORT, proto: 'udp' as const })),
    ...servers.map((s) => ({ host: s.underlayIp, port: OPENVPN_TCP_PORT, proto: 'tcp' as const })),
  ];
}

export async function baselineRun(
  bench: BenchLab,
  faultName: FaultName,
  run: number,
  timing: Timing,
  variant: BaselineVariant,
): Promise<RunRecord> {
  const { lab, fleet } = bench;
  const target = lab.servers[0]!;
  const fault = FAULTS[faultName];
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
  let client: PlainOpenVpnClient | undefined;
  let probe: PageProbe | undefined;
  let handle: Awaited<ReturnType<typeof fault.inject>> | undefined;
  try {
    client = await startPlainOpenVpn(lab, fleet, {
      name: `baseline-${faultName}-${run}`,
      device: `${BENCH_PREFIX}b0`,
      remotes: baselineRemotes(bench),
      extra: baselineExtra(variant),
    });
    const ready = await client.waitForLine(/Initialization Sequence Completed/, spawnedAt, timing.connectTimeoutMs);
    if (!ready) {
      record.error = `openvpn did not connect within ${timing.connectTimeoutMs / 1000} s: ${client.lines.at(-1)?.text ?? 'no output'}`;
      return record;
    }
    record.connectMs = ready.at - spawnedAt;

    probe = await PageProbe.start(lab, [...bench.serverPages, lab.outside.pageUrl]);
    if (!(await probe.firstSuccessAfter(Date.now(), 10_000, bench.serverPages))) {
      record.error = `openvpn connected, but no page behind the servers answered within 10 s ${probe.diagnostics()}`;
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

    const after = client.lines.filter((l) => l.at >= faultAt && l.at <= end);
    const restart = after.find((l) => RESTART_LINE.test(l.text));
    record.detectMs = restart ? restart.at - faultAt : 'timeout';
    record.detectedBy = restart ? stripTime(restart.text) : null;
    record.restarts = after.filter((l) => /process restarting/.test(l.text)).length;
    const peers = after.flatMap((l) => {
      const m = PEER_LINE.exec(l.text);
      return m ? [`${m[1]}:${m[2]}`] : [];
    });
    record.connectedTo = peers;
    record.landedOn = peers.at(-1) ?? null;
    record.connectedToFaultyServer = peers.filter((p) => p.startsWith(`${target.underlayIp}:`)).length;
    record.logAfterFault = after
      .slice(0, 40)
      .map((l) => `+${((l.at - faultAt) / 1000).toFixed(1)}s ${stripTime(l.text)}`);
    record.ok = true;
    return record;
  } finally {
    await probe?.stop();
    await handle?.stop();
    await client?.stop();
    await lab.restoreAll();
    record.cleanAfter = (await snapshotNetns(lab.clientNs)) === bench.cleanSnapshot;
  }
}

/** OpenVPN prefixes each line with a date; the bench has its own times. */
function stripTime(line: string): string {
  return line
    .replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /, '')
    .replace(/^\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2} \d{4} /, '');
}
