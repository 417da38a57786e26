import type { Clock } from '../clock';

/**
 * Active latency measurement, only ever on request (or with `servers.autoMeasure` on): one ICMP echo to a
 * server, else one TCP connect to a TCP port it serves. Gentle on purpose, because on a watched network a
 * burst of probes to every VPN server is itself a signal: a few at a time, starts spaced out, short timeouts,
 * one try per server. The network is injected (icmp, tcp, resolve) so the rules test in milliseconds.
 */
export interface MeasureTarget {
  key: string;
  host: string;
  /** TCP ports the server serves (OpenVPN over TCP), tried only when ICMP gets no answer. */
  tcpPorts: readonly number[];
}

export interface MeterNetwork {
  /** Round trip of one ICMP echo in ms, or null without an answer within the timeout. */
  icmp(ip: string, timeoutMs: number): Promise<number | null>;
  /** Time to complete a TCP connect in ms, or null. */
  tcp(ip: string, port: number, timeoutMs: number): Promise<number | null>;
  /** The host's address (an IP literal is returned as is), or null. */
  resolve(host: string): Promise<string | null>;
}

export interface MeterOptions {
  /** At most this many measurements at once (IVPN measures one at a time: security software dislikes bursts). */
  concurrency: number;
  /** At least this long between two starts, whatever the concurrency. */
  spacingMs: number;
  timeoutMs: number;
}

export const DEFAULT_METER_OPTIONS: MeterOptions = { concurrency: 4, spacingMs: 100, timeoutMs: 1500 };

export interface MeasureResult {
  key: string;
  /** Null: no answer (never 0). */
  latency: { ms: number; method: 'icmp' | 'tcp' } | null;
}

export class LatencyMeter {
  private readonly options: MeterOptions;
  private nextStartAt = 0;

  constructor(
    private readonly network: MeterNetwork,
    private readonly clock: Clock,
    options: Partial<MeterOptions> = {},
  ) {
    this.options = { ...DEFAULT_METER_OPTIONS, ...options };
  }

  /** Measures every target once; `onResult` hears each as it lands. Stops starting new ones when aborted. */
  async measure(
    targets: readonly MeasureTarget[],
    onResult: (result: MeasureResult) => void,
    signal?: AbortSignal,
  ): Promise<MeasureResult[]> {
    const results: MeasureResult[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < targets.length && !signal?.aborted) {
        const target = targets[next] as MeasureTarget;
        next += 1;
        await this.pace();
        if (signal?.aborted) return;
        const result = { key: target.key, latency: await this.one(target) };
        results.push(result);
        onResult(result);
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency, targets.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
  }

  /** Spaces starts out across all workers: each takes the next free slot. */
  private async pace(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextStartAt);
    this.nextStartAt = at + this.options.spacingMs;
    if (at > now) await this.clock.sleep(at - now);
  }

  private async one(target: MeasureTarget): Promise<MeasureResult['latency']> {
    const { timeoutMs } = this.options;
    const ip = await this.network.resolve(target.host).catch(() => null);
    if (!ip) return null;
    const icmp = await this.network.icmp(ip, timeoutMs).catch(() => null);
    if (icmp !== null && icmp >= 0) return { ms: Math.max(1, Math.round(icmp)), method: 'icmp' };
    const port = target.tcpPorts[0];
    if (port === undefined) return null;
    const tcp = await this.network.tcp(ip, port, timeoutMs).catch(() => null);
    return tcp !== null && tcp >= 0 ? { ms: Math.max(1, Math.round(tcp)), method: 'tcp' } : null;
  }
}
