import { snapshotNetns } from '../lab/lab';
import { OPENVPN_TCP_PORT, OPENVPN_UDP_PORT, type OvpnRemote } from '../lab/lab-openvpn-fleet';
import { startPlainOpenVpn, type PlainOpenVpnClient } from '../lab/plain-openvpn-client';
import type { BenchLab } from './bench-lab';
import { BENCH_PREFIX } from './bench-lab';
import { baselineExtra } from './baseline-run';
import type { CensoredLab } from './censored-lab';
import type { Sample } from './stats';

/**
 * The stock `openvpn` client against the same censored server, once over UDP 1194 and once over TCP 443, with
 * what provider profiles add (the `typical` variant of the other cases' baseline). It has no disguise to fall
 * back on: the censor lets its hard reset through and drops the server's answer, so the TLS handshake never
 * completes. `connectMs` is the start to "Initialization Sequence Completed", or a timeout at the cap.
 */
export interface CensoredBaselineRecord {
  proto: 'udp' | 'tcp';
  remote: string;
  connectMs: Sample;
  /** Human words for the report: "did not connect within 90 s". */
  outcome: string;
  /** Packets the censor dropped during the run: proof it was the censor that stood in the way. */
  censorDropped: number | null;
  cleanAfter: boolean | null;
  error?: string;
  /** openvpn's first 20 log lines and its give-ups and restarts after them, relative to its start. */
  log: string[];
}

export function censoredBaselineRemote(bench: BenchLab, proto: 'udp' | 'tcp'): OvpnRemote {
  const server = bench.lab.servers[0]!;
  return { host: server.underlayIp, port: proto === 'udp' ? OPENVPN_UDP_PORT : OPENVPN_TCP_PORT, proto };
}

export async function censoredBaselineRun(
  bench: BenchLab,
  censored: CensoredLab,
  proto: 'udp' | 'tcp',
  capMs: number,
): Promise<CensoredBaselineRecord> {
  const { lab, fleet } = bench;
  const remote = censoredBaselineRemote(bench, proto);
  const record: CensoredBaselineRecord = {
    proto,
    remote: `${remote.host} ${remote.port} ${remote.proto}`,
    connectMs: null,
    outcome: '',
    censorDropped: null,
    cleanAfter: null,
    log: [],
  };
  let client: PlainOpenVpnClient | undefined;
  const startedAt = Date.now();
  try {
    await censored.censor.on();
    client = await startPlainOpenVpn(lab, fleet, {
      name: `baseline-censored-${proto}`,
      device: `${BENCH_PREFIX}b0`,
      remotes: [remote],
      extra: baselineExtra('typical'),
    });
    const ready = await client.waitForLine(/Initialization Sequence Completed/, startedAt, capMs);
    record.connectMs = ready ? ready.at - startedAt : 'timeout';
    record.outcome = ready
      ? `connected after ${((ready.at - startedAt) / 1000).toFixed(1)} s`
      : `did not connect within ${Math.round(capMs / 1000)} s`;
    record.censorDropped = await censored.censor.dropped();
    return record;
  } catch (err) {
    record.error = (err as Error).message;
    record.outcome = 'not measured';
    return record;
  } finally {
    record.log = (client?.lines ?? [])
      .filter((l, i) => i < 20 || NOTABLE.test(l.text))
      .slice(0, 40)
      .map((l) => `+${((l.at - startedAt) / 1000).toFixed(1)}s ${stripDate(l.text)}`);
    await client?.stop();
    await censored.censor.off();
    await lab.restoreAll();
    record.cleanAfter = (await snapshotNetns(lab.clientNs)) === bench.cleanSnapshot;
  }
}

const NOTABLE = /TLS Error|TLS handshake failed|restarting|Restart pause|SIGUSR1|Initialization Sequence/;

function stripDate(line: string): string {
  return line
    .replace(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /, '')
    .replace(/^\w{3} \w{3} +\d+ \d{2}:\d{2}:\d{2} \d{4} /, '');
}
