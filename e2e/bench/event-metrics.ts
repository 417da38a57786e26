/**
 * Reads the CLI's NDJSON events (`holdfast connect --json`) after a fault. Pure, so the rules are easy to
 * check: "detected" is the CLI's `drop` event, or, from a CLI that does not emit `drop`, the first
 * `state` event that leaves `connected` or the first `failover` event, whichever came first. Times come from the events' own `at` (same machine clock).
 */
export type CliEvent = Record<string, unknown>;

export interface IncidentFigures {
  detectMs: number | null;
  detectedBy: 'drop' | 'state' | 'failover' | null;
  /** What the CLI itself says it took (`drop.detectedAfterMs`). */
  dropSaysMs: number | null;
  dropEvents: number;
  /** connected -> anything else. */
  leftConnected: number;
  failoverEvents: number;
  /** "from -> to: reason" per failover event. */
  failovers: string[];
  notifications: number;
  notificationTitles: string[];
  /** Profiles reported `connected` after the fault, in order. */
  connectedTo: string[];
  /** How often the connected profile changed after the fault. */
  profileSwitches: number;
}

const eventTime = (event: CliEvent): number => (typeof event.at === 'string' ? Date.parse(event.at) : Number.NaN);

export function incidentFigures(
  events: readonly CliEvent[],
  faultAt: number,
  until: number,
  profileBefore: string | null,
): IncidentFigures {
  const after = events.filter((e) => {
    const at = eventTime(e);
    return at >= faultAt && at <= until;
  });
  const drop = after.find((e) => e.type === 'drop');
  const states = after.filter((e) => e.type === 'state');
  const leaving = states.find((e) => e.state !== 'connected');
  const failover = after.find((e) => e.type === 'failover');
  // A seamless switch (hot standby) may never leave `connected`: its failover event is the detection.
  const firstOther = [leaving, failover]
    .filter((e): e is CliEvent => e !== undefined)
    .sort((a, b) => eventTime(a) - eventTime(b))[0];
  const detected = drop ?? firstOther;

  let connectedProfile = profileBefore;
  let state = 'connected';
  let leftConnected = 0;
  let profileSwitches = 0;
  const connectedTo: string[] = [];
  for (const e of states) {
    if (state === 'connected' && e.state !== 'connected') leftConnected += 1;
    state = String(e.state);
    if (e.state === 'connected') {
      const profile = typeof e.profile === 'string' ? e.profile : null;
      if (profile) connectedTo.push(profile);
      if (profile !== connectedProfile) profileSwitches += 1;
      connectedProfile = profile;
    }
  }
  const notifications = after.filter((e) => e.type === 'notification');
  return {
    detectMs: detected ? eventTime(detected) - faultAt : null,
    detectedBy: drop ? 'drop' : firstOther ? (firstOther === leaving ? 'state' : 'failover') : null,
    dropSaysMs: drop && typeof drop.detectedAfterMs === 'number' ? drop.detectedAfterMs : null,
    dropEvents: after.filter((e) => e.type === 'drop').length,
    leftConnected,
    failoverEvents: after.filter((e) => e.type === 'failover').length,
    failovers: after
      .filter((e) => e.type === 'failover')
      .map((e) => `${String(e.from ?? '-')} -> ${String(e.to)}: ${String(e.reason ?? '')}`),
    notifications: notifications.length,
    notificationTitles: notifications.map((e) => String(e.title ?? '')),
    connectedTo,
    profileSwitches,
  };
}

/** Every event type the CLI printed, for the report: shows which parts of the contract it emits yet. */
export function eventTypes(events: readonly CliEvent[]): string[] {
  return [...new Set(events.map((e) => String(e.type)))].sort();
}
