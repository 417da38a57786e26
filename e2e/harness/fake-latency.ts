import type { MeterNetwork } from '../../main/core/service/latency-meter';

/**
 * `--fake-latency`: `servers.measure` answers without sending anything. Each host gets a stable round trip
 * from its name (20-199 ms), and every seventh host never answers, so lists show measured, slow, fast and
 * "not measured" servers the same way on every run.
 */
export function fakeLatencyNetwork(): MeterNetwork {
  const hash = (text: string): number => {
    let h = 2166136261;
    for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return h;
  };
  return {
    resolve: async (host) => host,
    icmp: async (ip) => (hash(ip) % 7 === 0 ? null : 20 + (hash(ip) % 180)),
    tcp: async () => null,
  };
}
