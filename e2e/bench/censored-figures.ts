import type { CliEvent } from './event-metrics';
import { summarize, type Sample, type Summary } from './stats';

/**
 * The censored case's figures, read from run records and the CLI's NDJSON events. Pure, so the rules are easy
 * to check: which `connected` event carried the traffic, what route it reported, which attempts ran and how long
 * each took, and whether p50/p95 meet the goals.
 */
export const CENSORED_GOALS = {
  /** `holdfast connect` to the first page through the tunnel, on a network Holdfast has never seen. */
  firstConnectMs: 10_000,
  /** The same on the same network again: memory says it needs a disguise, so it starts disguised. */
  secondConnectMs: 3000,
  /** Censor switched on mid-session to traffic flowing again through a disguised route. */
  restoreMs: 8000,
  /** Packets that left the client in the clear over a whole run (all three phases). */
  leakedPackets: 0,
} as const;
export type CensoredFigure = keyof typeof CENSORED_GOALS;

export interface RouteSeen {
  kind: string;
  server: string;
  why: string;
}

export interface ConnectedSeen {
  at: number;
  profile: string | null;
  /** The disguise it runs inside and why; null for a plain route. */
  route: RouteSeen | null;
}

const eventTime = (event: CliEvent): number => (typeof event.at === 'string' ? Date.parse(event.at) : Number.NaN);

function routeOf(event: CliEvent): RouteSeen | null {
  const route = event.route as { disguise?: { kind?: unknown; server?: unknown }; why?: unknown } | undefined;
  if (!route?.disguise) return null;
  return { kind: String(route.disguise.kind), server: String(route.disguise.server), why: String(route.why) };
}

/**
 * The connection that carried the first page after `since`: the first `connected` state event at or after it.
 * It may come a little after the page: a racing route carries data before the engine lands on it and says so.
 * Null when none was reported.
 */
export function connectedAfter(events: readonly CliEvent[], since: number): ConnectedSeen | null {
  const e = events.find((x) => x.type === 'state' && x.state === 'connected' && eventTime(x) >= since);
  if (!e) return null;
  return { at: eventTime(e), profile: typeof e.profile === 'string' ? e.profile : null, route: routeOf(e) };
}

/** The first event of `type` at or after `since`, as milliseconds after it; null if there is none. */
export function firstEventAfter(events: readonly CliEvent[], type: string, since: number): number | null {
  const event = events.find((e) => e.type === type && eventTime(e) >= since);
  return event ? eventTime(event) - since : null;
}

/** Drop or failover events before `until`: a connect that "starts disguised" has none. */
export function plainFailuresBefore(events: readonly CliEvent[], since: number, until: number): number {
  return events.filter(
    (e) => (e.type === 'drop' || e.type === 'failover') && eventTime(e) >= since && eventTime(e) <= until,
  ).length;
}

interface AttemptLike {
  candidate?: { serverName?: unknown; transportLabel?: unknown };
  outcome?: unknown;
  ms?: unknown;
  round?: unknown;
  reason?: unknown;
}

/**
 * Which attempts ran and how long each took, from the incidents the CLI reported after `since` (the last record
 * of each incident is complete): "round 1: Server 1 · Shadowsocks · WireGuard won in 0.16 s (carried data)".
 * Round 0 is the first attempt of a connect, made alone before any race.
 */
export function attemptLines(events: readonly CliEvent[], since: number): string[] {
  const latest = new Map<string, AttemptLike[]>();
  for (const e of events) {
    if (e.type !== 'incident' || eventTime(e) < since) continue;
    const incident = e.incident as { id?: unknown; attempts?: AttemptLike[] } | undefined;
    if (incident && Array.isArray(incident.attempts)) latest.set(String(incident.id), incident.attempts);
  }
  return [...latest.values()].flat().map((a) => {
    const who = `${String(a.candidate?.serverName ?? '?')} · ${String(a.candidate?.transportLabel ?? '?')}`;
    const ms = typeof a.ms === 'number' ? a.ms : 0;
    return `round ${String(a.round ?? '?')}: ${who} ${String(a.outcome)} in ${(ms / 1000).toFixed(2)} s (${String(a.reason ?? '')})`;
  });
}

/**
 * The CLI's own account, relative to `since`, for reading a run: states with their reasons, drops, failovers,
 * notifications and warnings (status, security and info logs are left out: they only repeat or add noise).
 */
export function timeline(events: readonly CliEvent[], since: number, limit = 40): string[] {
  const lines: string[] = [];
  for (const e of events) {
    const at = eventTime(e);
    if (!(at >= since)) continue;
    const rel = `+${((at - since) / 1000).toFixed(2)}s`;
    if (e.type === 'state') {
      const route = routeOf(e);
      lines.push(`${rel} ${String(e.state)}: ${String(e.reason)}${route ? ` [${route.kind}, ${route.why}]` : ''}`);
    } else if (e.type === 'drop') lines.push(`${rel} drop: ${String(e.reason)} (${String(e.detectedBy)})`);
    else if (e.type === 'failover') lines.push(`${rel} failover to ${String(e.to)}: ${String(e.reason)}`);
    else if (e.type === 'notification') lines.push(`${rel} notification: ${String(e.body)}`);
    else if (e.type === 'log' && e.level !== 'info') lines.push(`${rel} ${String(e.level)}: ${String(e.message)}`);
  }
  return lines.slice(0, limit);
}

export interface FigureWithGoal extends Summary {
  /** The goal p50 and p95 must meet (milliseconds, or packets for leakedPackets). */
  goal: number;
  /** p50 and p95 measured and at most the goal (every run, for leaks); false when one fell beyond the cap. */
  pass: boolean;
}

/** `everyRun`: the goal holds for each run, not only at p95 (a single leak fails "no leak"). */
export function withGoal(samples: readonly Sample[], goal: number, everyRun = false): FigureWithGoal {
  const s = summarize(samples);
  const percentiles = s.n > 0 && s.p50 !== null && s.p95 !== null && s.p50 <= goal && s.p95 <= goal;
  const each = !everyRun || (s.timedOut === 0 && s.max !== null && s.max <= goal);
  return { ...s, goal, pass: percentiles && each };
}

export interface PhaseSample {
  ms: Sample;
  leakedPackets: number | null;
}

export interface CensoredSample {
  ok: boolean;
  first: PhaseSample | null;
  second: PhaseSample | null;
  midSession: PhaseSample | null;
}

/** Leaks over a whole run: the phases that were measured, added up; null when none was. */
export function runLeaks(sample: CensoredSample): number | null {
  const counts = [sample.first, sample.second, sample.midSession]
    .map((p) => p?.leakedPackets)
    .filter((n): n is number => typeof n === 'number');
  return counts.length ? counts.reduce((a, b) => a + b, 0) : null;
}

/** p50/p95 of every figure with its goal and whether it is met; `allPass` says whether every goal is. */
export function censoredFigures(samples: readonly CensoredSample[]): {
  figures: Record<CensoredFigure, FigureWithGoal>;
  allPass: boolean;
} {
  const ms = (pick: (s: CensoredSample) => PhaseSample | null): Sample[] => samples.map((s) => pick(s)?.ms ?? null);
  const figures = {
    firstConnectMs: withGoal(
      ms((s) => s.first),
      CENSORED_GOALS.firstConnectMs,
    ),
    secondConnectMs: withGoal(
      ms((s) => s.second),
      CENSORED_GOALS.secondConnectMs,
    ),
    restoreMs: withGoal(
      ms((s) => s.midSession),
      CENSORED_GOALS.restoreMs,
    ),
    leakedPackets: withGoal(samples.map(runLeaks), CENSORED_GOALS.leakedPackets, true),
  };
  return { figures, allPass: Object.values(figures).every((f) => f.pass) };
}

/** How often each route carried the first page: "shadowsocks (blocked)", "plain", "none" (no page). */
export function routeCounts(
  phases: ReadonlyArray<{ ms: Sample; route: RouteSeen | null } | null>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const phase of phases) {
    if (!phase || phase.ms === null) continue;
    const name =
      typeof phase.ms !== 'number' ? 'none' : phase.route ? `${phase.route.kind} (${phase.route.why})` : 'plain';
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}
