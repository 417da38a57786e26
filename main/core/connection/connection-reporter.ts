import type { Clock } from '../clock';
import type { ErrorPayload } from '../errors';
import type { EventHub } from '../events';
import type { DisguiseReason, DisguisedRoute } from '../disguise/disguised-route';
import type { Profile } from '../profiles/types';
import type { IncidentRecord } from './failover/incidents';
import { connectedReason, landedRoute, landedSecurity } from './landing-report';
import { initialSnapshot, type ConnectionSnapshot, type ConnectionState, type LiveStatus } from './state';
import type { OpenTunnel } from './tunnel-launcher';
import type { TunnelDeath } from './tunnel-watch';

const SETTLED: readonly ConnectionState[] = ['connected', 'failed', 'disconnected'];

/**
 * Keeps the connection snapshot and emits what happens to it, each with a time: every state with its reason,
 * live status, drops, the security of a landed tunnel, failovers and log lines. The snapshot and the events
 * always agree, because both change here and only here.
 */
export class ConnectionReporter {
  private snap: ConnectionSnapshot;

  constructor(
    private readonly hub: EventHub,
    private readonly clock: Clock,
  ) {
    this.snap = initialSnapshot(this.iso());
  }

  /** A copy, safe to hand out. */
  snapshot(): ConnectionSnapshot {
    return structuredClone(this.snap);
  }

  /** The snapshot as it is now, for reading only. */
  get view(): Readonly<ConnectionSnapshot> {
    return this.snap;
  }

  /** Resolves once the state is connected, failed or disconnected. */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      if (SETTLED.includes(this.snap.state)) return resolve();
      const off = this.hub.on((event) => {
        if (event.type === 'state' && SETTLED.includes(event.state)) {
          off();
          resolve();
        }
      });
    });
  }

  transition(
    state: ConnectionState,
    profile: Profile | null,
    reason: string,
    error?: ErrorPayload,
    route?: DisguisedRoute,
  ): void {
    const at = this.iso();
    this.snap = {
      ...this.snap,
      state,
      profileId: profile?.id ?? null,
      profileName: profile?.name ?? null,
      reason,
      since: at,
      error: error ?? null,
      live: state === 'connected' ? this.snap.live : null,
      security:
        state === 'connected' || state === 'failing-over' || state === 'reconnecting' ? this.snap.security : null,
    };
    this.snap.route = route ?? null;
    this.hub.emit({
      type: 'state',
      at,
      state,
      profile: profile?.id ?? null,
      reason,
      ...(error ? { error } : {}),
      ...(route ? { route } : {}),
    });
  }

  /**
   * A tunnel landed: what it negotiated, the failover that led to it (when it replaced `fromName`'s) and the
   * `connected` state, with the disguised route it took and why (`why`, from the engine), if any.
   */
  landed(
    tunnel: OpenTunnel,
    how: { fromName: string | null; incident: IncidentRecord | null; why: DisguiseReason | null },
  ): void {
    const security = landedSecurity(tunnel);
    if (security) this.security(security);
    const route = landedRoute(tunnel, how.why);
    if (how.fromName !== null) this.failover(how.fromName, tunnel.profile.name, how.incident);
    this.snap.connectedAt = this.iso();
    this.transition('connected', tunnel.profile, connectedReason(tunnel, route), undefined, route);
  }

  fail(profile: Profile | null, error: ErrorPayload): void {
    this.snap.connectedAt = null;
    this.snap.live = null;
    this.transition('failed', profile, error.message, error);
  }

  disconnected(profile: Profile | null, reason: string): void {
    this.snap.connectedAt = null;
    this.transition('disconnected', profile, reason);
  }

  /** The live counters of the tunnel up now. */
  status(profileId: string, live: LiveStatus): void {
    this.snap.live = live;
    this.hub.emit({ type: 'status', at: this.iso(), profile: profileId, ...live });
  }

  drop(tunnel: OpenTunnel | null, death: TunnelDeath): void {
    this.snap.live = null;
    this.hub.emit({
      type: 'drop',
      at: this.iso(),
      profile: tunnel?.profile.id ?? this.snap.profileId ?? '',
      reason: death.detail,
      detectedAfterMs: Math.round(death.detectedAfterMs ?? 0),
      detectedBy: death.detectedBy,
    });
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.hub.emit({ type: 'log', at: this.iso(), level, message });
  }

  /** What a landed tunnel negotiated; it stays on the snapshot while Holdfast keeps the connection going. */
  private security(security: NonNullable<ConnectionSnapshot['security']>): void {
    this.snap.security = security;
    this.hub.emit({ type: 'security', at: this.iso(), ...security });
  }

  /** The connection moved from `from` to `to`, for the incident that `landed` resolved (if any). */
  private failover(from: string, to: string, incident: IncidentRecord | null): void {
    this.hub.emit({
      type: 'failover',
      at: this.iso(),
      from,
      to,
      reason: incident?.detail ?? 'the previous server stopped working',
      ...(incident?.detectedBy ? { detectedBy: incident.detectedBy } : {}),
    });
  }

  private iso(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
