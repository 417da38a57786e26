import { dropOldNetworks, prune, trimOldest } from './memory-bounds';
import { activeBlock, clearSucceededPair, coolDownOf, coolFailedPair, type CoolDown } from './memory-cooling';
import { addLatency, freshestLatency, isRoundTrip, type LatencyReading } from './memory-latency';
import { DEFAULT_MEMORY_POLICY, type MemoryPolicy } from './memory-policy';
import type { DisguiseNeed, LatencyMethod, MemoryData, NetworkRecord, ServerRecord } from './memory-records';
import { pairKey, type Candidate } from './types';

/**
 * What Holdfast remembers per local network: which (server, transport) pairs failed and cool down, which
 * servers look blocked, and what worked. It finds or makes a network's record, applies a rule to it
 * (memory-cooling.ts, memory-latency.ts), keeps it within bounds (memory-bounds.ts) and tells its owner;
 * persistence lives in memory-file.ts.
 */
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
    return coolDownOf(this.data.networks[networkKey], c, now);
  }

  /** When this pair last worked on this network (within the success lifetime). */
  lastSuccess(networkKey: string, c: Candidate, now: number): { at: number; ms?: number } | undefined {
    const pair = this.data.networks[networkKey]?.pairs[pairKey(c)];
    if (pair?.lastSuccessAt === undefined || now - pair.lastSuccessAt > this.policy.successTtlMs) return undefined;
    return { at: pair.lastSuccessAt, ms: pair.lastSuccessMs };
  }

  serverBlock(networkKey: string, serverKey: string, now: number): ServerRecord | undefined {
    return activeBlock(this.data.networks[networkKey], serverKey, now);
  }

  recordFailure(networkKey: string, c: Candidate, now: number, kind: 'failed' | 'refused' = 'failed'): CoolDown {
    const network = this.network(networkKey, now);
    const own = coolFailedPair(network, c, now, kind, this.policy);
    prune(network, now, this.policy);
    this.changed();
    return this.coolDown(networkKey, c, now) ?? own;
  }

  recordSuccess(networkKey: string, c: Candidate, now: number, ms?: number): void {
    const network = this.network(networkKey, now);
    clearSucceededPair(network, c, now, ms, this.policy);
    prune(network, now, this.policy);
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
    if (!isRoundTrip(ms)) return;
    addLatency(this.network(networkKey, now), serverKey, method, ms, now, this.policy);
    this.changed();
  }

  /** The freshest latency of a server on this network within the lifetime, or undefined (not measured). */
  latency(networkKey: string, serverKey: string, now: number): LatencyReading | undefined {
    return freshestLatency(this.data.networks[networkKey]?.latency?.[serverKey], now, this.policy);
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
    if (now !== undefined) for (const network of Object.values(this.data.networks)) prune(network, now, this.policy);
    return structuredClone(this.data);
  }

  private network(networkKey: string, now: number): NetworkRecord {
    let network = this.data.networks[networkKey];
    if (!network) {
      network = { lastSeenAt: now, pairs: {}, servers: {} };
      this.data.networks[networkKey] = network;
      dropOldNetworks(this.data, networkKey, this.policy.maxNetworks);
    }
    network.lastSeenAt = Math.max(network.lastSeenAt, now);
    return network;
  }

  private changed(): void {
    this.listener?.();
  }
}
