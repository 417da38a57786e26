import type { BenchLab } from './bench-lab';
import { baselineExtra } from './baseline-run';
import { censoredBaselineRun, type CensoredBaselineRecord } from './censored-baseline';
import { censoredFigures, routeCounts } from './censored-figures';
import { startCensoredLab, type CensoredLab } from './censored-lab';
import { censoredRun, type CensoredRecord } from './censored-run';
import { START_PROFILE } from './censored-phases';
import type { Timing } from './holdfast-run';
import { MIN_RUNS, type BenchOptions } from './options';
import { countRuns } from './report';
import { ratio, summarize } from './stats';

/**
 * The censored case across runs, driven by the bench's main loop like a fault case (one run per round, the same
 * time budget), with its own lab additions (censor, disguise servers) and its own plain-openvpn baseline.
 */
export const CENSORED_TITLE = 'A censor recognises WireGuard and OpenVPN by their bytes and drops them on every port';
const CENSOR_WHAT =
  'nftables in the router: WireGuard by its message header (type 1-4 and three zero bytes), OpenVPN by a client hard reset answered by a server hard reset (UDP, and TCP after the length); recognised flows are dropped, earlier ones included, once switched on';

export class CensoredRunner {
  readonly records: CensoredRecord[] = [];
  readonly planned: number;
  private lab: CensoredLab | null = null;
  /** Why the censored lab could not be set up (a disguise server that would not start): reported, not fatal. */
  private unavailable: string | null = null;
  private baseline: CensoredBaselineRecord[] = [];
  private baselineCapMs = 0;
  private stoppedEarly: string | undefined;
  private timeoutsInARow = 0;
  private spentMs = 0;

  constructor(
    private readonly options: BenchOptions,
    private readonly log: (text: string) => void,
  ) {
    this.planned = options.censoredRuns;
  }

  async prepare(bench: BenchLab): Promise<void> {
    this.log('censored: starting Shadowsocks, TLS and obfs4 servers beside each server, and the censor');
    try {
      this.lab = await startCensoredLab(bench, this.options.disguiseOrder);
    } catch (err) {
      this.unavailable = (err as Error).message;
      this.log(`censored: not measured: ${this.unavailable}`);
    }
  }

  get finished(): boolean {
    return this.lab === null || this.stoppedEarly !== undefined || this.records.length >= this.planned;
  }

  get estimatedRunMs(): number {
    return this.records.length ? this.spentMs / this.records.length : 60_000;
  }

  mayRunWithin(remainingMs: number): boolean {
    if (this.records.length < Math.min(MIN_RUNS, this.planned)) return true;
    if (remainingMs >= this.estimatedRunMs) return true;
    this.stop(`the time budget was spent; ${this.planned - this.records.length} planned run(s) were not made`);
    return false;
  }

  stop(why: string): void {
    if (this.stoppedEarly === undefined && !this.finished) {
      this.stoppedEarly = why;
      this.log(`censored: ${why}`);
    }
  }

  async runOnce(bench: BenchLab, timing: Timing, eventTypesSeen: Set<string>): Promise<void> {
    if (this.finished || !this.lab) return;
    const run = this.records.length + 1;
    const started = Date.now();
    const record = await censoredRun(bench, this.lab, run, timing);
    this.spentMs += Date.now() - started;
    this.records.push(record);
    for (const phase of [record.first, record.second, record.midSession])
      for (const type of phase?.eventTypes ?? []) eventTypesSeen.add(type);
    this.log(describeCensoredRun(`censored ${run}/${this.planned}`, record));
    const stuck = record.first?.ms === 'timeout' && record.midSession?.ms === 'timeout';
    this.timeoutsInARow = stuck ? this.timeoutsInARow + 1 : 0;
    const limit = this.options.stopAfterTimeouts;
    if (limit > 0 && this.timeoutsInARow >= limit && run < this.planned) {
      this.stop(`${this.timeoutsInARow} runs in a row never got traffic through within ${timing.capMs / 1000} s`);
    }
  }

  /** Plain openvpn over UDP, then over TCP, each once, against the censored server 1. */
  async measureBaseline(bench: BenchLab, capMs: number, interrupted: () => boolean): Promise<void> {
    if (!this.lab) return;
    this.baselineCapMs = capMs;
    for (const proto of ['udp', 'tcp'] as const) {
      if (interrupted()) return;
      const record = await censoredBaselineRun(bench, this.lab, proto, capMs);
      this.baseline.push(record);
      this.log(
        `baseline censored ${proto}: ${record.error ?? record.outcome} (censor dropped ${record.censorDropped ?? '-'} packets)`,
      );
    }
  }

  report(): Record<string, unknown> {
    const { figures, allPass } = censoredFigures(this.records);
    const baselineConnect = summarize(this.baseline.filter((b) => !b.error).map((b) => b.connectMs));
    return {
      name: 'censored',
      title: CENSORED_TITLE,
      censor: CENSOR_WHAT,
      startProfile: START_PROFILE,
      disguises: this.lab?.disguises ?? [],
      disguiseOrder: this.options.disguiseOrder ?? 'default (shadowsocks, tls, obfs4)',
      status: this.records.length ? 'measured' : this.lab ? 'baseline only' : 'not measured',
      ...(this.unavailable ? { reason: this.unavailable } : {}),
      runs: countRuns(this.records, this.planned, this.stoppedEarly),
      holdfast: figures,
      allPass,
      routes: {
        first: routeCounts(this.records.map((r) => r.first)),
        second: routeCounts(this.records.map((r) => r.second)),
        midSession: routeCounts(this.records.map((r) => r.midSession)),
      },
      startedDisguised: {
        met: this.records.filter((r) => r.second?.startedDisguised).length,
        of: this.records.filter((r) => r.second).length,
      },
      baseline: {
        client: 'openvpn (the stock binary, no Holdfast), one remote: server 1 over UDP 1194, then over TCP 443',
        extra: baselineExtra('typical'),
        capMs: this.baselineCapMs,
        connectMs: baselineConnect,
        runs: this.baseline,
      },
      ratioHoldfastToBaseline: this.baseline.length
        ? { firstConnectMs: ratio(figures.firstConnectMs, baselineConnect, this.baselineCapMs) }
        : {},
      samples: this.records,
    };
  }

  async dispose(): Promise<void> {
    await this.lab?.stop();
  }
}

function describeCensoredRun(label: string, r: CensoredRecord): string {
  const s = (v: unknown): string =>
    v === 'timeout' ? 'timed out' : typeof v === 'number' ? `${(v / 1000).toFixed(2)} s` : '-';
  const via = (p: CensoredRecord['first']): string =>
    p?.route ? ` via ${p.route.kind} (${p.route.why})` : p ? ' plain' : '';
  return (
    `${label}: first connect ${s(r.first?.ms)}${via(r.first)}, second ${s(r.second?.ms)}${via(r.second)}, ` +
    `mid-session restore ${s(r.midSession?.ms)}${via(r.midSession)}, leaked ${r.leakedPackets ?? '-'} packets` +
    `${r.cleanAfter === false ? ', LEFT SOMETHING BEHIND' : ''}${r.error ? `; ${r.error}` : ''}`
  );
}
