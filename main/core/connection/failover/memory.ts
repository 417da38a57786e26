import { pairKey, type Candidate } from './types';

/**
 * What Holdfast remembers per local network: which (server, transport) pairs failed and cool down, which
 * servers look blocked, and what worked. Pure bookkeeping on plain numbers (epoch ms) so every rule is tested
 * without timers; persistence lives in memory-file.ts.
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

export type CoolDownWhy = 'failed' | 'blocked' | 'refused';

export interface CoolDown {
  until: number;
  why: CoolDownWhy;
}

export class FailoverMemory {
  private data: MemoryData;
  private readonly policy: MemoryPolicy;
  private listener: (() => void) | null = null;

  constructor(data?: MemoryData, policy: Partial<MemoryPolicy> = {}) {
    this.data = data ? structuredClone(data) : { version: 1, networks: {} };
    this.policy = { ...DEFAULT_MEMORY_POLICY, ...policy };
  }

  /** Called after every change, so the owner can schedule a save. */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  /** The longer of the pair's own cool-down and its server's block, or null when it may be tried. */
  coolDown(networkKey: string, c: Candidate, now: number): CoolDown | null {
    const network = this.data.networks[networkKey];
    if (!network) return null;
    const pair = network.pairs[pairKey(c)];
    // A server's block is about its own address; a disguised route goes to the disguise server instead.
    const server = c.disguise ? undefined : network.servers[c.serverKey];
    let result: CoolDown | null = null;
    if (pair?.coolUntil !== undefined && pair.coolUntil > now) {
      result = { until: pair.coolUntil, why: pair.refused ? 'refused' : 'failed' };
    }
    if (
      server?.blockedUntil !== undefined &&
      server.blockedUntil > now &&
      (!result || server.blockedUntil > result.until)
    ) {
      result = { until: server.blockedUntil, why: 'blocked' };
    }
    return result;
  }

  /** When this pair last worked on this network (within the success lifetime). */
  lastSuccess(networkKey: string, c: Candidate, now: number): { at: number; ms?: number } | undefined {
    const pair = this.data.networks[networkKey]?.pairs[pairKey(c)];
    if (pair?.lastSuccessAt === undefined || now - pair.lastSuccessAt > this.policy.successTtlMs) return undefined;
    return { at: pair.lastSuccessAt, ms: pair.lastSuccessMs };
  }

  serverBlock(networkKey: string, serverKey: string, now: number): ServerRecord | undefined {
    const record = this.data.networks[networkKey]?.servers[serverKey];
    return record?.blockedUntil !== undefined && record.blockedUntil > now ? { ...record } : undefined;
  }

  recordFailure(networkKey: string, c: Candidate, now: number, kind: 'failed' | 'refused' = 'failed'): CoolDown {
    const network = this.network(networkKey, now);
    const key = pairKey(c);
    const pair = network.pairs[key] ?? { failures: 0 };
    if (pair.lastFailureAt !== undefined && now - pair.lastFailureAt > this.policy.forgetFailuresAfterMs)
      pair.failures = 0;
    pair.failures += 1;
    pair.lastFailureAt = now;
    if (kind === 'refused') {
      pair.refused = true;
      pair.coolUntil = now + this.policy.refusedMs;
    } else {
      delete pair.refused;
      pair.coolUntil = now + Math.min(this.policy.coolDownMaxMs, this.policy.coolDownMs * 2 ** (pair.failures - 1));
    }
    network.pairs[key] = pair;
    if (kind === 'failed' && !c.disguise && this.someOtherServerWorks(network, c.serverKey, now))
      this.maybeBlock(network, c.serverKey, now);
    this.prune(network, now);
    this.changed();
    return this.coolDown(networkKey, c, now) ?? { until: pair.coolUntil, why: kind };
  }

  recordSuccess(networkKey: string, c: Candidate, now: number, ms?: number): void {
    const network = this.network(networkKey, now);
    const key = pairKey(c);
    network.pairs[key] = {
      failures: 0,
      lastSuccessAt: now,
      ...(ms !== undefined ? { lastSuccessMs: Math.round(ms) } : {}),
    };
    // A disguised route proves the disguise server reachable, not the VPN server's address nor the network: plain
    // failures elsewhere are a censor's work, not blocked servers.
    if (!c.disguise) {
      delete network.servers[c.serverKey];
      // A server that works here proves the network is fine: others that failed on several transports are blocked.
      for (const serverKey of this.serversWithFailures(network, now)) {
        if (serverKey !== c.serverKey) this.maybeBlock(network, serverKey, now);
      }
    }
    this.prune(network, now);
    this.changed();
  }

  /** Plain routes failed on this network and this disguised one carried data. */
  recordDisguiseNeeded(networkKey: string, c: Candidate, now: number): void {
    if (!c.disguise) return;
    const network = this.network(networkKey, now);
    network.disguise = { at: now, id: c.disguise.id, kind: c.disguise.kind };
    this.changed();
  }

  /** A plain route carried data on this network: it does not need a disguise (any more). */
  clearDisguiseNeeded(networkKey: string): void {
    const network = this.data.networks[networkKey];
    if (!network?.disguise) return;
    delete network.disguise;
    this.changed();
  }

  /** Whether this network needed a disguise (within the success lifetime), and which one worked. */
  disguiseNeeded(networkKey: string, now: number): DisguiseNeed | undefined {
    const need = this.data.networks[networkKey]?.disguise;
    return need && now - need.at <= this.policy.successTtlMs ? { ...need } : undefined;
  }

  /** A round trip to a server on this network (a real connection's handshake or first answer, or a measurement). */
  recordLatency(networkKey: string, serverKey: string, method: LatencyMethod, ms: number, now: number): void {
    // A round trip of 0 is a clock that did not move (a fake, or a cached answer), not a measurement.
    if (!Number.isFinite(ms) || ms <= 0) return;
    const network = this.network(networkKey, now);
    const latency = (network.latency ??= {});
    latency[serverKey] = { ...latency[serverKey], [method]: { ms: Math.max(1, Math.round(ms)), at: now } };
    trimOldest(latency, this.policy.maxLatencyPerNetwork, newestSample);
    this.changed();
  }

  /** The freshest latency of a server on this network within the lifetime, or undefined (not measured). */
  latency(networkKey: string, serverKey: string, now: number): (LatencySample & { method: LatencyMethod }) | undefined {
    const record = this.data.networks[networkKey]?.latency?.[serverKey];
    if (!record) return undefined;
    let best: (LatencySample & { method: LatencyMethod }) | undefined;
    // At the same moment the purer measure wins: an echo over a connect over a probe through the tunnel over a
    // handshake (which includes starting the tunnel).
    for (const method of ['icmp', 'tcp', 'first-answer', 'handshake'] as const) {
      const sample = record[method];
      if (!sample || now - sample.at > this.policy.latencyTtlMs) continue;
      if (!best || sample.at > best.at) best = { ...sample, method };
    }
    return best;
  }

  /** The user connected to this server (any network): it goes to the top of "Recent". */
  recordUse(serverKey: string, now: number): void {
    const recent = (this.data.recent ??= {});
    recent[serverKey] = now;
    trimOldest(recent, this.policy.maxRecent, (at) => at);
    this.changed();
  }

  /** serverKey -> when last used, newest first. */
  recent(): Array<{ serverKey: string; at: number }> {
    return Object.entries(this.data.recent ?? {})
      .map(([serverKey, at]) => ({ serverKey, at }))
      .sort((a, b) => b.at - a.at);
  }

  /** Marks the network as in use, so it is the last to be dropped when the memory is full. */
  touch(networkKey: string, now: number): void {
    this.network(networkKey, now);
  }

  forgetNetwork(networkKey: string): boolean {
    if (!(networkKey in this.data.networks)) return false;
    delete this.data.networks[networkKey];
    this.changed();
    return true;
  }

  forgetAll(): void {
    this.data = { version: 1, networks: {}, ...(this.data.recent ? { recent: this.data.recent } : {}) };
    this.changed();
  }

  networkKeys(): string[] {
    return Object.keys(this.data.networks);
  }

  toJSON(now?: number): MemoryData {
    if (now !== undefined) for (const network of Object.values(this.data.networks)) this.prune(network, now);
    return structuredClone(this.data);
  }

  private network(networkKey: string, now: number): NetworkRecord {
    let network = this.data.networks[networkKey];
    if (!network) {
      network = { lastSeenAt: now, pairs: {}, servers: {} };
      this.data.networks[networkKey] = network;
      this.dropOldNetworks(networkKey);
    }
    network.lastSeenAt = Math.max(network.lastSeenAt, now);
    return network;
  }

  private someOtherServerWorks(network: NetworkRecord, serverKey: string, now: number): boolean {
    // Only a plain route proves the network fine: a disguised one works where a censor blocks plain routes.
    return Object.entries(network.pairs).some(
      ([key, pair]) =>
        !isDisguisedPair(key) &&
        serverOfPair(key) !== serverKey &&
        pair.lastSuccessAt !== undefined &&
        now - pair.lastSuccessAt <= this.policy.blockWindowMs,
    );
  }

  private serversWithFailures(network: NetworkRecord, now: number): Set<string> {
    const servers = new Set<string>();
    for (const [key, pair] of Object.entries(network.pairs)) {
      if (isDisguisedPair(key)) continue;
      if (pair.lastFailureAt !== undefined && now - pair.lastFailureAt <= this.policy.blockWindowMs) {
        servers.add(serverOfPair(key));
      }
    }
    return servers;
  }

  /** Several transports of one server failed recently while another server works: block it, longer each time. */
  private maybeBlock(network: NetworkRecord, serverKey: string, now: number): void {
    // A disguised route's failure is about the disguise server, not this server's address.
    const failedTransports = Object.entries(network.pairs).filter(
      ([key, pair]) =>
        !isDisguisedPair(key) &&
        serverOfPair(key) === serverKey &&
        !pair.refused &&
        pair.failures > 0 &&
        pair.lastFailureAt !== undefined &&
        now - pair.lastFailureAt <= this.policy.blockWindowMs,
    ).length;
    if (failedTransports < this.policy.blockAfterTransports) return;
    const server = network.servers[serverKey] ?? { blocks: 0 };
    if (server.blockedUntil !== undefined && server.blockedUntil > now) return;
    if (server.lastBlockedAt !== undefined && now - server.lastBlockedAt > this.policy.forgetFailuresAfterMs)
      server.blocks = 0;
    server.blocks += 1;
    server.lastBlockedAt = now;
    server.blockedUntil = now + Math.min(this.policy.blockMaxMs, this.policy.blockMs * 2 ** (server.blocks - 1));
    network.servers[serverKey] = server;
  }

  /** Keeps the file small: expired, forgotten entries go first, then the least recently active ones. */
  private prune(network: NetworkRecord, now: number): void {
    const p = this.policy;
    for (const [key, pair] of Object.entries(network.pairs)) {
      const cooling = pair.coolUntil !== undefined && pair.coolUntil > now;
      const recentFailure = pair.lastFailureAt !== undefined && now - pair.lastFailureAt <= p.forgetFailuresAfterMs;
      const usefulSuccess = pair.lastSuccessAt !== undefined && now - pair.lastSuccessAt <= p.successTtlMs;
      if (!cooling && !recentFailure && !usefulSuccess) delete network.pairs[key];
    }
    for (const [key, server] of Object.entries(network.servers)) {
      const blocked = server.blockedUntil !== undefined && server.blockedUntil > now;
      const recent = server.lastBlockedAt !== undefined && now - server.lastBlockedAt <= p.forgetFailuresAfterMs;
      if (!blocked && !recent) delete network.servers[key];
    }
    trimOldest(network.pairs, p.maxPairsPerNetwork, (r) =>
      Math.max(r.lastFailureAt ?? 0, r.lastSuccessAt ?? 0, r.coolUntil ?? 0),
    );
    trimOldest(network.servers, p.maxServersPerNetwork, (r) => Math.max(r.lastBlockedAt ?? 0, r.blockedUntil ?? 0));
  }

  private dropOldNetworks(keep: string): void {
    const keys = Object.keys(this.data.networks);
    if (keys.length <= this.policy.maxNetworks) return;
    const victims = keys
      .filter((k) => k !== keep)
      .sort((a, b) => (this.data.networks[a]?.lastSeenAt ?? 0) - (this.data.networks[b]?.lastSeenAt ?? 0))
      .slice(0, keys.length - this.policy.maxNetworks);
    for (const k of victims) delete this.data.networks[k];
  }

  private changed(): void {
    this.listener?.();
  }
}

/** Pair keys are `serverKey|transportKey`; transport keys never contain '|', server keys might. */
function serverOfPair(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

/** A disguised route's pair key ends in `~disguiseId` after the last `|` (types.ts, pairKey). */
function isDisguisedPair(key: string): boolean {
  return key.includes('~', key.lastIndexOf('|'));
}

function newestSample(record: LatencyRecord): number {
  return Math.max(0, ...Object.values(record).map((s) => s?.at ?? 0));
}

function trimOldest<T>(records: Record<string, T>, max: number, activity: (r: T) => number): void {
  const keys = Object.keys(records);
  if (keys.length <= max) return;
  keys
    .sort((a, b) => activity(records[a] as T) - activity(records[b] as T))
    .slice(0, keys.length - max)
    .forEach((k) => delete records[k]);
}
