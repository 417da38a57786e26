import type { CoolDown } from './memory-cooling';
import { compileProtocolOrder } from './protocol-order';
import { candidateKey, type Candidate } from './types';

/**
 * Orders candidates for the next attempt. Pure: everything it knows comes in through PlanInput, so every
 * ordering rule is a table test.
 *
 * The order, most important first:
 *  1. pinned candidates (the profile the user just picked), in the order given;
 *  2. server tier: the preferred server, then servers in the same country, then the rest;
 *  3. what worked on this network before, most recent first;
 *  4. the protocol order from settings (WireGuard UDP, OpenVPN UDP, OpenVPN TCP 443, ...);
 *  5. lowest latency first, unknown latency last;
 *  6. the order profiles were given in, so equal candidates keep a stable, predictable order.
 * Candidates the protocol order leaves out, or that `allowed` refuses (minimum encryption), are refused;
 * candidates cooling down are kept apart, soonest usable first, for when nothing else is left.
 */
export interface PlanInput {
  candidates: readonly Candidate[];
  protocolOrder: readonly string[];
  preferredServer?: string | null;
  /** Country used for the second tier: the preferred server's, or the one we were on. */
  referenceCountry?: string | null;
  countryOf?: (serverKey: string) => string | null;
  coolDown?: (c: Candidate) => CoolDown | null;
  lastSuccessAt?: (c: Candidate) => number | undefined;
  latencyMs?: (c: Candidate) => number | undefined;
  /** True, or a plain sentence saying why this candidate may not be used. */
  allowed?: (c: Candidate) => true | string;
  pinned?: readonly Candidate[];
  /** Left out of `ready` for this plan (the candidate that just failed), but only if something else is ready. */
  avoid?: (c: Candidate) => boolean;
}

export interface CoolingCandidate {
  candidate: Candidate;
  until: number;
  why: CoolDown['why'];
}

export interface RefusedCandidate {
  candidate: Candidate;
  why: 'protocol-not-allowed' | 'not-allowed';
  reason: string;
}

export interface Plan {
  ready: Candidate[];
  cooling: CoolingCandidate[];
  refused: RefusedCandidate[];
}

export function planCandidates(input: PlanInput): Plan {
  const rank = compileProtocolOrder(input.protocolOrder);
  const pinned = new Map((input.pinned ?? []).map((c, i) => [candidateKey(c), i]));
  const refused: RefusedCandidate[] = [];
  const scored: { c: Candidate; key: number[]; cool: CoolDown | null; avoid: boolean }[] = [];
  input.candidates.forEach((c, index) => {
    const transportRank = rank(c.transport);
    if (transportRank === null) {
      refused.push({
        candidate: c,
        why: 'protocol-not-allowed',
        reason: 'its protocol is not in the failover protocol order',
      });
      return;
    }
    const verdict = input.allowed ? input.allowed(c) : true;
    if (verdict !== true) {
      refused.push({ candidate: c, why: 'not-allowed', reason: verdict });
      return;
    }
    const success = input.lastSuccessAt?.(c);
    const latency = input.latencyMs?.(c);
    scored.push({
      c,
      key: [
        pinned.get(candidateKey(c)) ?? Number.MAX_SAFE_INTEGER,
        tier(c, input),
        success === undefined ? 1 : 0,
        success === undefined ? 0 : -success,
        transportRank,
        latency === undefined || !Number.isFinite(latency) ? Number.MAX_VALUE : latency,
        index,
      ],
      cool: input.coolDown?.(c) ?? null,
      avoid: input.avoid?.(c) ?? false,
    });
  });
  scored.sort((a, b) => compareKeys(a.key, b.key));
  const fresh = scored.filter((s) => !s.cool);
  const unavoided = fresh.filter((s) => !s.avoid);
  const ready = (unavoided.length > 0 ? unavoided : fresh).map((s) => s.c);
  const cooling = scored
    .filter((s) => s.cool)
    .map((s, order) => ({ s, order }))
    .sort((a, b) => (a.s.cool?.until ?? 0) - (b.s.cool?.until ?? 0) || a.order - b.order)
    .map(({ s }) => ({ candidate: s.c, until: s.cool?.until ?? 0, why: s.cool?.why ?? 'failed' }));
  return { ready, cooling, refused };
}

function tier(c: Candidate, input: PlanInput): number {
  if (input.preferredServer && c.serverKey === input.preferredServer) return 0;
  const country = input.referenceCountry ? input.countryOf?.(c.serverKey) : null;
  return country && country === input.referenceCountry ? 1 : 2;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Picks the race window so that one round both reconnects fast and tells servers apart from the network:
 * the best candidate first; then the best-ranked candidate on another server (the common case is one server
 * blocked, and the user's protocol order should get its chance there); then one that adds UDP or TCP, on a
 * new server if possible; then whatever adds a new server or transport. A window of [Tokyo WireGuard, Osaka
 * WireGuard, Osaka TCP 443] that all fail says "the network", where three UDP attempts would only say "UDP".
 * The rest keep their order.
 */
export function diversify(ordered: readonly Candidate[], width: number, lookAhead = width * 4): Candidate[] {
  const pool = ordered.slice(0, Math.max(width, lookAhead));
  const rest = ordered.slice(pool.length);
  const picked: Candidate[] = [];
  const servers = new Set<string>();
  const protos = new Set<string>();
  const newServer = (c: Candidate): number => (servers.has(c.serverKey) ? 0 : 1);
  const newProto = (c: Candidate): number => (protos.has(c.transport.proto) ? 0 : 1);
  // Slot by slot, what makes a candidate worth its place; ties go to the better-ranked one.
  const goals: ((c: Candidate) => number)[] = [
    () => 0,
    newServer,
    (c) => newProto(c) * 2 + newServer(c),
    (c) => newServer(c) * 2 + newProto(c),
  ];
  while (picked.length < width && pool.length > 0) {
    const score = goals[Math.min(picked.length, goals.length - 1)] as (c: Candidate) => number;
    let best = 0;
    pool.forEach((c, i) => {
      if (score(c) > score(pool[best] as Candidate)) best = i;
    });
    const [chosen] = pool.splice(best, 1);
    if (!chosen) break;
    picked.push(chosen);
    servers.add(chosen.serverKey);
    protos.add(chosen.transport.proto);
  }
  return [...picked, ...pool, ...rest];
}
