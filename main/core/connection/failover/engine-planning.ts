import type { DisguiseLadder } from './disguise-ladder';
import type { EngineContext } from './engine-context';
import type { FailoverEngineDeps, FailoverStep } from './engine-types';
import type { FailoverMemory } from './memory';
import { failoverMessage, type FailoverMessage } from './messages';
import { planCandidates, type Plan } from './planner';
import { compileProtocolOrder } from './protocol-order';
import type { WaitingFor } from './retry-schedule';
import type { ServerCatalog } from './servers';
import type { FailoverSettings } from './settings';
import { sameCandidate, type Candidate } from './types';

/** What the engine knows at the moment it plans; planning itself stays pure (planner.ts). */
export interface PlanningContext {
  catalog: ServerCatalog;
  memory: FailoverMemory;
  networkKey: string;
  now: number;
  settings: FailoverSettings;
  preferredServer: string | null;
  sessionProfile: string | null;
  /** The candidate that just died (pending blame) and the one we are on, if any. */
  pendingFrom: Candidate | null;
  current: Candidate | null;
  allowed?: (c: Candidate) => true | string;
  latencyMs?: (c: Candidate) => number | undefined;
  /** Adds the disguised routes this session may use to the plain ones in scope (disguise-ladder.ts). */
  pool?: (plain: readonly Candidate[]) => Candidate[];
}

export interface PlanningOptions {
  /** Plan only these (one server, one profile); default every candidate in the catalog. */
  candidates?: readonly Candidate[];
  avoid?: Candidate | null;
  /** The user picked this profile: no protocol-order or encryption veto (the security gate still runs). */
  ignoreVetoes?: boolean;
}

const ALL_FAMILIES = ['wireguard-udp', 'openvpn-udp', 'openvpn-tcp'];

export function planFor(ctx: PlanningContext, options: PlanningOptions): Plan {
  const { catalog, memory, networkKey: net, now, settings: s } = ctx;
  let candidates = options.candidates ?? catalog.candidates;
  if (!s.enabled && !options.candidates) {
    // Failover off: stay with the profile the user chose, across its own endpoints only.
    const profile = ctx.sessionProfile ?? ctx.pendingFrom?.profileId ?? ctx.current?.profileId;
    candidates = profile ? catalog.candidatesOf(profile) : candidates;
  }
  if (ctx.pool) candidates = ctx.pool(candidates);
  const reference = ctx.preferredServer ?? ctx.pendingFrom?.serverKey ?? ctx.current?.serverKey ?? null;
  const avoid = options.avoid;
  return planCandidates({
    candidates,
    // An explicit choice may use a protocol the order leaves out; the order still ranks its endpoints.
    protocolOrder: options.ignoreVetoes ? [...s.protocolOrder, ...ALL_FAMILIES] : s.protocolOrder,
    preferredServer: ctx.preferredServer,
    referenceCountry: reference ? (catalog.server(reference)?.country ?? null) : null,
    countryOf: (key) => catalog.server(key)?.country ?? null,
    coolDown: (c) => memory.coolDown(net, c, now),
    lastSuccessAt: (c) => memory.lastSuccess(net, c, now)?.at,
    latencyMs: (c) => ctx.latencyMs?.(c) ?? memory.lastSuccess(net, c, now)?.ms,
    allowed: options.ignoreVetoes ? undefined : ctx.allowed,
    avoid: avoid && s.enabled ? (c) => sameCandidate(c, avoid) : undefined,
  });
}

/** Where the engine's plans come from besides its context: memory, the disguise ladder, the caller's vetoes. */
export interface PlanSources extends Pick<FailoverEngineDeps, 'allowed' | 'latencyMs'> {
  memory: FailoverMemory;
  ladder: DisguiseLadder;
}

/** Plans from what the engine knows right now: this network's memory, the session, the disguise stage. */
export class EnginePlanner {
  constructor(
    private readonly ctx: EngineContext,
    private readonly sources: PlanSources,
  ) {}

  plan(options: PlanningOptions): Plan {
    const { ctx, sources } = this;
    const { ladder } = sources;
    const plan = planFor(
      {
        catalog: ctx.catalog(),
        memory: sources.memory,
        networkKey: ctx.networkKey(),
        now: ctx.now(),
        settings: ctx.settings(),
        preferredServer: this.preferredServer(),
        sessionProfile: ctx.session.profile,
        pendingFrom: ctx.session.pendingFrom,
        current: ctx.session.current,
        allowed: sources.allowed,
        latencyMs: sources.latencyMs,
        pool: (plain) => ladder.pool(plain),
      },
      options,
    );
    return { ...plan, ready: ladder.order(plan.ready) };
  }

  /** The server of the profile the user picked this session, else the preferred-server setting. */
  preferredServer(): string | null {
    return this.ctx.session.preferred ?? this.ctx.settings().preferredServer;
  }

  /** The best usable profile on the preferred-server setting, or null (none set, gone, or nothing usable). */
  preferredStart(): string | null {
    const key = this.ctx.settings().preferredServer;
    const catalog = this.ctx.catalog();
    if (!key || !catalog.server(key)) return null;
    const plan = this.plan({ candidates: catalog.candidates.filter((c) => c.serverKey === key) });
    return (plan.ready[0] ?? plan.cooling[0]?.candidate)?.profileId ?? null;
  }
}

export function tryingMessage(catalog: ServerCatalog, candidates: readonly Candidate[]): FailoverMessage {
  const targets = candidates.map((c) => {
    const v = catalog.view(c);
    return `${v.serverName} over ${v.transportLabel}`;
  });
  return failoverMessage('failover.trying', { targets: targets.join(', '), count: candidates.length });
}

export function waitMessage(ms: number, why: WaitingFor): FailoverMessage {
  const code = why === 'network' ? 'failover.waiting-network' : 'failover.waiting-cooldown';
  return failoverMessage(code, { secondsLeft: Math.ceil(ms / 1000) });
}

export function waitStep(ms: number, why: WaitingFor): FailoverStep {
  return { kind: 'wait', ms, waitingFor: why, reason: waitMessage(ms, why) };
}

/** Why nothing at all can be tried, in the user's terms. */
export function describeRefusals(plan: Plan, total: number, onlyDisguised = false): string {
  if (total === 0) return 'no profile has a server address; import a WireGuard or OpenVPN profile';
  if (onlyDisguised && plan.ready.length + plan.cooling.length + plan.refused.length === 0) {
    return 'Disguise is set to Always, but no server has a disguise that can carry its tunnel; import one or set Disguise to Automatic';
  }
  const vetoed = plan.refused.find((r) => r.why === 'not-allowed');
  if (vetoed && plan.refused.every((r) => r.why === 'not-allowed')) return vetoed.reason;
  if (plan.refused.every((r) => r.why === 'protocol-not-allowed')) {
    return 'every protocol of your profiles is left out of the failover protocol order';
  }
  return `${plan.refused.length} candidates are left out by your protocol order or minimum encryption`;
}

/**
 * Race preference: the protocol order first, then the window's own order. The window puts diagnostic picks
 * (another server, TCP) early, but when several prove themselves the user's protocol order should win.
 */
export function raceRank(window: readonly Candidate[], protocolOrder: readonly string[]): (c: Candidate) => number {
  const protocolRank = compileProtocolOrder(protocolOrder);
  return (c) => {
    const index = window.findIndex((w) => sameCandidate(w, c));
    return (protocolRank(c.transport) ?? protocolOrder.length) * 1000 + (index < 0 ? 999 : index);
  };
}
