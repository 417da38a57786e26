import type { MemoryPolicy } from './memory-policy';
import type { NetworkRecord, PairRecord, ServerRecord } from './memory-records';
import { pairKey, type Candidate } from './types';

/**
 * Cool-downs and blocks on one network's record: what a failure or a success of a (server, transport) pair does
 * to the pair and to its server. Plain functions on the record, so FailoverMemory only finds the record, applies
 * one of these, and keeps it within bounds.
 */
export type CoolDownWhy = 'failed' | 'blocked' | 'refused';

export interface CoolDown {
  until: number;
  why: CoolDownWhy;
}

/** The longer of the pair's own cool-down and its server's block, or null when it may be tried. */
export function coolDownOf(network: NetworkRecord | undefined, c: Candidate, now: number): CoolDown | null {
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

/** The server's block while it lasts, as a copy. */
export function activeBlock(
  network: NetworkRecord | undefined,
  serverKey: string,
  now: number,
): ServerRecord | undefined {
  const record = network?.servers[serverKey];
  return record?.blockedUntil !== undefined && record.blockedUntil > now ? { ...record } : undefined;
}

/**
 * A failure of this pair: it cools down, twice as long for each failure in a row (a refusal for hours), and its
 * server is blocked when several of its transports failed while another server works. Returns the pair's own
 * cool-down (its server's block may outlast it).
 */
export function coolFailedPair(
  network: NetworkRecord,
  c: Candidate,
  now: number,
  kind: 'failed' | 'refused',
  policy: MemoryPolicy,
): CoolDown {
  const key = pairKey(c);
  const pair: PairRecord = network.pairs[key] ?? { failures: 0 };
  if (pair.lastFailureAt !== undefined && now - pair.lastFailureAt > policy.forgetFailuresAfterMs) pair.failures = 0;
  pair.failures += 1;
  pair.lastFailureAt = now;
  if (kind === 'refused') {
    pair.refused = true;
    pair.coolUntil = now + policy.refusedMs;
  } else {
    delete pair.refused;
    pair.coolUntil = now + Math.min(policy.coolDownMaxMs, policy.coolDownMs * 2 ** (pair.failures - 1));
  }
  network.pairs[key] = pair;
  if (kind === 'failed' && !c.disguise && someOtherServerWorks(network, c.serverKey, now, policy))
    maybeBlock(network, c.serverKey, now, policy);
  return { until: pair.coolUntil, why: kind };
}

/** A success of this pair clears its failures and remembers how long it took. */
export function clearSucceededPair(
  network: NetworkRecord,
  c: Candidate,
  now: number,
  ms: number | undefined,
  policy: MemoryPolicy,
): void {
  network.pairs[pairKey(c)] = {
    failures: 0,
    lastSuccessAt: now,
    ...(ms !== undefined ? { lastSuccessMs: Math.round(ms) } : {}),
  };
  // A disguised route proves the disguise server reachable, not the VPN server's address nor the network: plain
  // failures elsewhere are a censor's work, not blocked servers.
  if (c.disguise) return;
  delete network.servers[c.serverKey];
  // A server that works here proves the network is fine: others that failed on several transports are blocked.
  for (const serverKey of serversWithFailures(network, now, policy)) {
    if (serverKey !== c.serverKey) maybeBlock(network, serverKey, now, policy);
  }
}

function someOtherServerWorks(network: NetworkRecord, serverKey: string, now: number, policy: MemoryPolicy): boolean {
  // Only a plain route proves the network fine: a disguised one works where a censor blocks plain routes.
  return Object.entries(network.pairs).some(
    ([key, pair]) =>
      !isDisguisedPair(key) &&
      serverOfPair(key) !== serverKey &&
      pair.lastSuccessAt !== undefined &&
      now - pair.lastSuccessAt <= policy.blockWindowMs,
  );
}

function serversWithFailures(network: NetworkRecord, now: number, policy: MemoryPolicy): Set<string> {
  const servers = new Set<string>();
  for (const [key, pair] of Object.entries(network.pairs)) {
    if (isDisguisedPair(key)) continue;
    if (pair.lastFailureAt !== undefined && now - pair.lastFailureAt <= policy.blockWindowMs) {
      servers.add(serverOfPair(key));
    }
  }
  return servers;
}

/** Several transports of one server failed recently while another server works: block it, longer each time. */
function maybeBlock(network: NetworkRecord, serverKey: string, now: number, policy: MemoryPolicy): void {
  // A disguised route's failure is about the disguise server, not this server's address.
  const failedTransports = Object.entries(network.pairs).filter(
    ([key, pair]) =>
      !isDisguisedPair(key) &&
      serverOfPair(key) === serverKey &&
      !pair.refused &&
      pair.failures > 0 &&
      pair.lastFailureAt !== undefined &&
      now - pair.lastFailureAt <= policy.blockWindowMs,
  ).length;
  if (failedTransports < policy.blockAfterTransports) return;
  const server = network.servers[serverKey] ?? { blocks: 0 };
  if (server.blockedUntil !== undefined && server.blockedUntil > now) return;
  if (server.lastBlockedAt !== undefined && now - server.lastBlockedAt > policy.forgetFailuresAfterMs)
    server.blocks = 0;
  server.blocks += 1;
  server.lastBlockedAt = now;
  server.blockedUntil = now + Math.min(policy.blockMaxMs, policy.blockMs * 2 ** (server.blocks - 1));
  network.servers[serverKey] = server;
}

/** Pair keys are `serverKey|transportKey`; transport keys never contain '|', server keys might. */
function serverOfPair(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

/** A disguised route's pair key ends in `~disguiseId` after the last `|` (types.ts, pairKey). */
function isDisguisedPair(key: string): boolean {
  return key.includes('~', key.lastIndexOf('|'));
}
