import type { Clock } from '../clock';
import type { ServerCatalog } from '../connection/failover/servers';
import type { LatencyMeter, MeasureTarget } from './latency-meter';
import { requireServer } from './server-errors';
import type { MeasureReport } from './server-listing';

/** Whether the kill switch would block a measurement now, and which hosts it lets through anyway. */
export interface MeasureGate {
  /**
   * Measuring is held back: the kill switch blocks the network, or a tunnel is up (a probe would travel through
   * it and measure the tunnel, not the way to the server).
   */
  blocked: 'kill-switch' | 'connected' | null;
  /** Hosts (as in the catalog) the kill switch allows right now: the current server's. */
  allowedHosts: ReadonlySet<string>;
}

export interface ServerMeasurementDeps {
  meter: LatencyMeter;
  clock: Clock;
  /** The engine's catalog, and where each answer is recorded. */
  engine: {
    servers(): ServerCatalog;
    recordMeasurement(serverKey: string, method: 'icmp' | 'tcp', ms: number): void;
  };
  measureGate?: () => Promise<MeasureGate>;
  /** Results have landed: lists may refresh (called at most every 250 ms while measuring). */
  changed: () => void;
}

/**
 * Active measurement of servers (`servers.measure`): ICMP, else TCP, a few at a time. While the kill switch
 * blocks the network only servers it already allows are measured; the others are skipped, never let through.
 */
export class ServerMeasurement {
  /** One measurement pass at a time: a second request waits for the first instead of doubling the probes. */
  private measuring: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ServerMeasurementDeps) {}

  /** Measures the servers of `keys` (all without keys); unknown keys are refused before any probe. */
  async measure(keys?: readonly string[]): Promise<Omit<MeasureReport, 'listing'>> {
    const catalog = this.deps.engine.servers();
    const wanted = keys ? [...new Set(keys)] : catalog.servers.map((s) => s.key);
    for (const key of wanted) requireServer(catalog, key, 'keys');
    const gate: MeasureGate = (await this.deps.measureGate?.()) ?? { blocked: null, allowedHosts: new Set() };
    const targets: MeasureTarget[] = [];
    let skippedHeldBack = 0;
    let skippedNoAddress = 0;
    for (const key of wanted) {
      const server = catalog.server(key);
      const host = server?.hosts.find((h) => !gate.blocked || gate.allowedHosts.has(h));
      if (!server || server.hosts.length === 0) skippedNoAddress += 1;
      else if (!host) skippedHeldBack += 1;
      else {
        const tcpPorts = server.transports.filter((t) => t.proto === 'tcp').map((t) => t.port);
        targets.push({ key, host, tcpPorts });
      }
    }
    const run = this.measuring.then(() => this.probe(targets));
    this.measuring = run.catch(() => undefined);
    const { measured, noAnswer } = await run;
    return {
      measured,
      noAnswer,
      skipped: skippedHeldBack + skippedNoAddress,
      skippedBecause: skippedHeldBack > 0 ? gate.blocked : skippedNoAddress > 0 ? 'no-address' : null,
    };
  }

  private async probe(targets: MeasureTarget[]): Promise<{ measured: number; noAnswer: number }> {
    let measured = 0;
    let noAnswer = 0;
    let lastEmit = 0;
    await this.deps.meter.measure(targets, (result) => {
      if (result.latency) {
        measured += 1;
        this.deps.engine.recordMeasurement(result.key, result.latency.method, result.latency.ms);
      } else noAnswer += 1;
      // Lists refresh as results land, at most a few times a second.
      const now = this.deps.clock.now();
      if (now - lastEmit >= 250) {
        lastEmit = now;
        this.deps.changed();
      }
    });
    return { measured, noAnswer };
  }
}
