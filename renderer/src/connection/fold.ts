import type { ConnectionSnapshot, ConnectionState, LiveStatus } from '../../../main/core/connection/state';
import type { ErrorPayload } from '../../../main/core/errors';
import type { DropEvent, FailoverEvent, StateEvent, StatusEvent } from '../../../main/core/events';
import type { DisguisedRoute } from '../../../main/core/disguise/disguised-route';
import type { SecurityEvent } from '../../../main/core/security/strength/security-event';

export interface TransferRates {
  rxPerSecond: number;
  txPerSecond: number;
}

/** What the connection card shows, folded from the snapshot and the event stream. */
export interface ConnectionView {
  state: ConnectionState;
  profileId: string | null;
  profileName: string | null;
  reason: string;
  since: string;
  connectedAt: string | null;
  live: LiveStatus | null;
  /** Time of the status sample in `live`, for rates. */
  liveAt: string | null;
  rates: TransferRates | null;
  error: ErrorPayload | null;
  security: SecurityEvent | null;
  /** The disguise the connection runs through and why Holdfast chose it; null on a plain route. */
  route: DisguisedRoute | null;
  /** The drop being worked around (while reconnecting or failing over). */
  drop: Omit<DropEvent, 'type'> | null;
  /** The last move to another server in this session, to say where we are and why. */
  lastSwitch: Omit<FailoverEvent, 'type'> | null;
}

export const ACTIVE_STATES: readonly ConnectionState[] = ['connecting', 'connected', 'reconnecting', 'failing-over'];

export function isActive(state: ConnectionState): boolean {
  return ACTIVE_STATES.includes(state);
}

export const initialConnectionView: ConnectionView = {
  state: 'disconnected',
  profileId: null,
  profileName: null,
  reason: '',
  since: new Date(0).toISOString(),
  connectedAt: null,
  live: null,
  liveAt: null,
  rates: null,
  error: null,
  security: null,
  route: null,
  drop: null,
  lastSwitch: null,
};

const time = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

/** A snapshot replaces the view unless events already told us something newer. */
export function applySnapshot(view: ConnectionView, snapshot: ConnectionSnapshot): ConnectionView {
  if (time(snapshot.since) < time(view.since)) return view;
  const active = isActive(snapshot.state);
  const sameTunnel = active && snapshot.profileId !== null && snapshot.profileId === view.profileId;
  return {
    state: snapshot.state,
    profileId: snapshot.profileId,
    profileName: snapshot.profileName,
    reason: snapshot.reason,
    since: snapshot.since,
    connectedAt: snapshot.connectedAt,
    live: active ? (snapshot.live ?? (sameTunnel ? view.live : null)) : null,
    liveAt: active && sameTunnel ? view.liveAt : null,
    rates: active && sameTunnel ? view.rates : null,
    error: snapshot.error,
    // The snapshot carries the rated security of the current tunnel; an event may have brought it first.
    security:
      active && snapshot.security
        ? { type: 'security', at: snapshot.since, ...snapshot.security }
        : sameTunnel
          ? view.security
          : null,
    // The `connected` event of this tunnel said how it got through (and cleared it when plain); a snapshot
    // of that same change (or tunnel) that does not carry the route yet keeps what the event said.
    route: active ? (snapshot.route ?? (sameTunnel || snapshot.since === view.since ? view.route : null)) : null,
    drop: active ? view.drop : null,
    lastSwitch: active ? view.lastSwitch : null,
  };
}

export function foldState(view: ConnectionView, event: StateEvent): ConnectionView {
  const active = isActive(event.state);
  const next: ConnectionView = {
    ...view,
    state: event.state,
    // The engine names the profile by id; keep the readable name we already have for the same profile.
    profileName: event.profile === null || event.profile === view.profileId ? view.profileName : event.profile,
    reason: event.reason,
    since: event.at,
    error: event.error ?? (event.state === 'failed' ? view.error : null),
  };
  if (event.profile !== null && event.profile !== view.profileName && event.profile !== view.profileId) {
    // A different server (failover): its id comes with the next snapshot.
    next.profileId = null;
  }
  if (event.state === 'connected' && view.state !== 'connected') next.connectedAt = event.at;
  // Every `connected` says how it got there: through a disguise, or (no route) plainly.
  if (event.state === 'connected') next.route = event.route ?? null;
  // Data flows again: the drop is over (the timeline keeps its story).
  if (event.state === 'connected') next.drop = null;
  if (!active) {
    next.drop = null;
    next.lastSwitch = null;
    next.connectedAt = null;
    next.live = null;
    next.liveAt = null;
    next.rates = null;
    next.security = null;
    next.route = null;
  }
  return next;
}

export function foldStatus(view: ConnectionView, event: StatusEvent): ConnectionView {
  // A sample that arrives after the tunnel went down must not bring the counters back.
  if (!isActive(view.state)) return view;
  const { type: _type, at, profile: _profile, ...live } = event;
  return { ...view, live, liveAt: at, rates: ratesBetween(view.live, view.liveAt, live, at) };
}

export function foldSecurity(view: ConnectionView, event: SecurityEvent): ConnectionView {
  if (!isActive(view.state)) return view;
  return { ...view, security: event };
}

export function foldDrop(view: ConnectionView, event: DropEvent): ConnectionView {
  if (!isActive(view.state)) return view;
  const { type: _type, ...drop } = event;
  return { ...view, drop };
}

export function foldFailover(view: ConnectionView, event: FailoverEvent): ConnectionView {
  if (!isActive(view.state)) return view;
  const { type: _type, ...lastSwitch } = event;
  return { ...view, lastSwitch };
}

function ratesBetween(
  previous: LiveStatus | null,
  previousAt: string | null,
  current: LiveStatus,
  currentAt: string,
): TransferRates | null {
  if (!previous || !previousAt || previous.interfaceName !== current.interfaceName) return null;
  const seconds = (time(currentAt) - time(previousAt)) / 1000;
  const rx = current.rxBytes - previous.rxBytes;
  const tx = current.txBytes - previous.txBytes;
  // Counters restart with a new tunnel; a negative step is not a rate.
  if (seconds <= 0 || rx < 0 || tx < 0) return null;
  return { rxPerSecond: rx / seconds, txPerSecond: tx / seconds };
}
