/**
 * The shape of what Holdfast remembers per local network, as it is kept and stored: plain data in epoch ms, so
 * every rule on it (memory-cooling.ts, memory-latency.ts, memory-bounds.ts) is tested without timers.
 */
export interface PairRecord {
  /** Consecutive failures; a success resets it, so does a quiet day. */
  failures: number;
  lastFailureAt?: number;
  coolUntil?: number;
  /** The last cool-down was a refusal (encryption below the minimum), not a failure to answer. */
  refused?: boolean;
  lastSuccessAt?: number;
  /** How long the last successful attempt took: a latency hint when nothing better is known. */
  lastSuccessMs?: number;
}

export interface ServerRecord {
  /** Blocks in a row; each lasts longer. A success on the server resets it. */
  blocks: number;
  blockedUntil?: number;
  lastBlockedAt?: number;
}

/** How a round trip to a server was learned: from a real connection, or measured on request. */
export type LatencyMethod = 'handshake' | 'first-answer' | 'icmp' | 'tcp';

export interface LatencySample {
  ms: number;
  at: number;
}

/** The latest round trip per method; a method never measured is absent (never 0). */
export type LatencyRecord = Partial<Record<LatencyMethod, LatencySample>>;

export interface NetworkRecord {
  lastSeenAt: number;
  pairs: Record<string, PairRecord>;
  servers: Record<string, ServerRecord>;
  /** serverKey -> latencies on this network. */
  latency?: Record<string, LatencyRecord>;
  /** This network blocked plain VPN routes and a disguised one carried data: the next connect starts disguised. */
  disguise?: DisguiseNeed;
}

export interface DisguiseNeed {
  at: number;
  /** The disguise that worked, tried first next time. */
  id: string;
  kind: string;
}

export interface MemoryData {
  version: 1;
  networks: Record<string, NetworkRecord>;
  /** serverKey -> when the user last connected to it, on any network: "Recent". */
  recent?: Record<string, number>;
}
