import { trimOldest } from './memory-bounds';
import type { MemoryPolicy } from './memory-policy';
import type { LatencyMethod, LatencyRecord, LatencySample, NetworkRecord } from './memory-records';

/** Round trips to servers on one network's record: the latest per method, shown while fresh. */
export type LatencyReading = LatencySample & { method: LatencyMethod };

/** A round trip of 0 is a clock that did not move (a fake, or a cached answer), not a measurement. */
export function isRoundTrip(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0;
}

/** Keeps the latest round trip of this method for the server; the least recently measured servers go past the cap. */
export function addLatency(
  network: NetworkRecord,
  serverKey: string,
  method: LatencyMethod,
  ms: number,
  now: number,
  policy: MemoryPolicy,
): void {
  const latency = (network.latency ??= {});
  latency[serverKey] = { ...latency[serverKey], [method]: { ms: Math.max(1, Math.round(ms)), at: now } };
  trimOldest(latency, policy.maxLatencyPerNetwork, newestSample);
}

/** The freshest round trip within the lifetime, or undefined (not measured). */
export function freshestLatency(
  record: LatencyRecord | undefined,
  now: number,
  policy: MemoryPolicy,
): LatencyReading | undefined {
  if (!record) return undefined;
  let best: LatencyReading | undefined;
  // At the same moment the purer measure wins: an echo over a connect over a probe through the tunnel over a
  // handshake (which includes starting the tunnel).
  for (const method of ['icmp', 'tcp', 'first-answer', 'handshake'] as const) {
    const sample = record[method];
    if (!sample || now - sample.at > policy.latencyTtlMs) continue;
    if (!best || sample.at > best.at) best = { ...sample, method };
  }
  return best;
}

function newestSample(record: LatencyRecord): number {
  return Math.max(0, ...Object.values(record).map((s) => s?.at ?? 0));
}
