import type { EngineContext } from './engine-context';
import type { EnginePlanner } from './engine-planning';
import type { ReturnStep } from './engine-types';
import type { IncidentDesk } from './incident-desk';
import { failoverMessage } from './messages';
import type { Plan } from './planner';
import type { ServerCatalog } from './servers';
import type { FailoverSettings } from './settings';
import type { SwitchGovernor } from './stability';
import type { Candidate } from './types';

export interface ReturnContext {
  settings: FailoverSettings;
  catalog: ServerCatalog;
  governor: SwitchGovernor;
  preferredServer: string | null;
  current: Candidate | null;
  incidentOpen: boolean;
  now: number;
  /** Plans among the given candidates (cool-downs and vetoes applied). */
  plan: (candidates: readonly Candidate[]) => Plan;
}

/**
 * While connected away from the preferred server: probe it now and then, and move back once it has answered
 * for the whole returnAfterMs and the switch interval allows a voluntary switch. Never during an incident.
 */
export function adviseReturn(ctx: ReturnContext): ReturnStep | null {
  const { settings: s, preferredServer: preferred, current } = ctx;
  if (!s.enabled || !s.returnToPreferred || !preferred || !current || ctx.incidentOpen) return null;
  if (current.serverKey === preferred) return null;
  const candidate = ctx.plan(ctx.catalog.candidates.filter((c) => c.serverKey === preferred)).ready[0];
  if (!candidate) return null;
  if (ctx.governor.shouldReturn(ctx.now, preferred, s)) {
    const view = ctx.catalog.view(candidate);
    const reason = failoverMessage('failover.returned', { to: view.serverName, transport: view.transportLabel });
    return { kind: 'switch', candidate, reason };
  }
  const last = ctx.governor.lastPreferredCheck();
  // Several answers within the healthy period, but never more often than every 10 s nor rarer than a minute.
  const every = Math.max(10_000, Math.min(60_000, Math.floor(s.returnAfterMs / 4)));
  return last === null || ctx.now - last >= every ? { kind: 'probe', candidate } : null;
}

/** With hot standby on: the best candidate on another server, worth keeping negotiated beside the current one. */
export function adviseStandby(
  settings: FailoverSettings,
  current: Candidate | null,
  plan: () => Plan,
): Candidate | null {
  if (!settings.enabled || !settings.hotStandby || !current) return null;
  return plan().ready.find((c) => c.serverKey !== current.serverKey) ?? null;
}

export interface ReturnAdvisorParts {
  desk: IncidentDesk;
  governor: SwitchGovernor;
  planner: EnginePlanner;
}

/** The advice above, from the engine's state as it is when the controller asks. */
export class ReturnAdvisor {
  constructor(
    private readonly ctx: EngineContext,
    private readonly parts: ReturnAdvisorParts,
  ) {}

  step(): ReturnStep | null {
    const { planner } = this.parts;
    return adviseReturn({
      settings: this.ctx.settings(),
      catalog: this.ctx.catalog(),
      governor: this.parts.governor,
      preferredServer: planner.preferredServer(),
      current: this.ctx.session.current,
      incidentOpen: this.parts.desk.current !== null,
      now: this.ctx.now(),
      plan: (candidates) => planner.plan({ candidates }),
    });
  }

  standby(): Candidate | null {
    return adviseStandby(this.ctx.settings(), this.ctx.session.current, () => this.parts.planner.plan({}));
  }
}
