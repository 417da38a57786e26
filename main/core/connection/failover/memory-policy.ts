/**
 * How long memory holds what it learned and how much of it: the numbers behind every rule of per-network
 * memory (docs/failover.md, "Memory per network"), overridable per engine so tests can shrink them.
 */
export interface MemoryPolicy {
  /** First cool-down of a failed pair; doubles with each further failure up to coolDownMaxMs. */
  coolDownMs: number;
  coolDownMaxMs: number;
  /** A pair refused for weak encryption will not get stronger soon. */
  refusedMs: number;
  /** A server failing on this many transports within blockWindowMs, while another server works, is blocked. */
  blockAfterTransports: number;
  blockWindowMs: number;
  blockMs: number;
  blockMaxMs: number;
  /** Failures this old no longer count towards growth. */
  forgetFailuresAfterMs: number;
  /** Successes this old no longer put a pair first. */
  successTtlMs: number;
  maxNetworks: number;
  maxPairsPerNetwork: number;
  maxServersPerNetwork: number;
  /** Latency records kept per network (a measured fleet can be large; the oldest go first). */
  maxLatencyPerNetwork: number;
  /** Latencies older than this are not shown: another day, another route. */
  latencyTtlMs: number;
  maxRecent: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_MEMORY_POLICY: MemoryPolicy = {
  coolDownMs: 2 * MINUTE,
  coolDownMaxMs: 30 * MINUTE,
  refusedMs: 6 * HOUR,
  blockAfterTransports: 2,
  blockWindowMs: 10 * MINUTE,
  blockMs: 15 * MINUTE,
  blockMaxMs: 6 * HOUR,
  forgetFailuresAfterMs: 24 * HOUR,
  successTtlMs: 30 * 24 * HOUR,
  maxNetworks: 32,
  maxPairsPerNetwork: 512,
  maxServersPerNetwork: 256,
  maxLatencyPerNetwork: 10_000,
  latencyTtlMs: 7 * 24 * HOUR,
  maxRecent: 50,
};
