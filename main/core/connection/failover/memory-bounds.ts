import type { MemoryPolicy } from './memory-policy';
import type { MemoryData, NetworkRecord } from './memory-records';

/**
 * Keeps memory small: what has expired or been forgotten goes first, then the least recently active entries, so
 * the file stays bounded however many networks, servers and failures a machine sees.
 */
export function prune(network: NetworkRecord, now: number, p: MemoryPolicy): void {
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

/** Past the cap, the networks seen least recently are dropped; `keep` (the one just added) never is. */
export function dropOldNetworks(data: MemoryData, keep: string, maxNetworks: number): void {
  const keys = Object.keys(data.networks);
  if (keys.length <= maxNetworks) return;
  const victims = keys
    .filter((k) => k !== keep)
    .sort((a, b) => (data.networks[a]?.lastSeenAt ?? 0) - (data.networks[b]?.lastSeenAt ?? 0))
    .slice(0, keys.length - maxNetworks);
  for (const k of victims) delete data.networks[k];
}

export function trimOldest<T>(records: Record<string, T>, max: number, activity: (r: T) => number): void {
  const keys = Object.keys(records);
  if (keys.length <= max) return;
  keys
    .sort((a, b) => activity(records[a] as T) - activity(records[b] as T))
    .slice(0, keys.length - max)
    .forEach((k) => delete records[k]);
}
