import { lookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import type { MeterNetwork } from '../service/latency-meter';
import type { ProcessRunner } from './process-runner';

/**
 * The real network for LatencyMeter: the system's `ping` (no raw sockets needed; its own "time=" is the round
 * trip), a plain TCP connect timed by the clock, and the system resolver.
 */
export function systemLatencyNetwork(runner: ProcessRunner, now: () => number = () => performance.now()): MeterNetwork {
  return {
    async icmp(ip, timeoutMs) {
      if (!isIP(ip)) return null;
      const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
      const family = ip.includes(':') ? ['-6'] : [];
      const result = await runner.run('ping', [...family, '-n', '-c', '1', '-W', String(seconds), ip], {
        timeoutMs: timeoutMs + 1000,
      });
      return result.code === 0 ? parsePingTime(result.stdout) : null;
    },
    tcp(ip, port, timeoutMs) {
      return new Promise((resolve) => {
        const started = now();
        const socket = new Socket();
        const done = (ms: number | null): void => {
          socket.destroy();
          resolve(ms);
        };
        socket.setTimeout(timeoutMs, () => done(null));
        socket.once('connect', () => done(now() - started));
        socket.once('error', () => done(null));
        socket.connect({ host: ip, port });
      });
    },
    async resolve(host) {
      if (isIP(host)) return host;
      try {
        return (await lookup(host)).address;
      } catch {
        return null;
      }
    },
  };
}

/** `... time=12.3 ms` from ping's reply line, or null. */
export function parsePingTime(output: string): number | null {
  const match = /time[=<]([\d.]+)\s*ms/.exec(output);
  const ms = match?.[1] ? Number(match[1]) : NaN;
  return Number.isFinite(ms) ? ms : null;
}
