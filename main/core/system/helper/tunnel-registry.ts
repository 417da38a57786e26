import { HoldfastError } from '../../errors';
import type { Profile } from '../../profiles/types';
import type { TunnelDriver, TunnelEvent, TunnelSession, TunnelStatus } from '../../tunnel/driver';
import { recheckProfile } from './profile-recheck';
import type { RequestOf, TunnelStarted } from './protocol';

/**
 * The tunnels a helper has started, by session id. The helper owns where configs and sockets go
 * (`runtimeDir`, its own directory): nothing in a request names a path.
 */
export class TunnelRegistry {
  private readonly sessions = new Map<string, TunnelSession>();
  private nextId = 1;
  private readonly changeListeners = new Set<() => void>();
  /** Stops under way: their sessions have left the map, but their devices and routes are not gone yet. */
  private readonly stopping = new Set<Promise<void>>();

  constructor(
    private readonly drivers: Partial<Record<Profile['kind'], TunnelDriver>>,
    private readonly runtimeDir: string,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  sessionIds(): string[] {
    return [...this.sessions.keys()];
  }

  interfaceNames(): string[] {
    return [...this.sessions.values()].map((s) => s.interfaceName);
  }

  /** Called whenever a tunnel is added or removed (the helper decides from it whether to keep running). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  async start(
    request: RequestOf<'tunnel.start'>,
    emit: (sessionId: string, event: TunnelEvent) => void,
  ): Promise<TunnelStarted> {
    const checked = await recheckProfile(request.profile as Profile, request.secrets);
    if (!checked.ok)
      throw new HoldfastError('profile-refused', `The privileged helper refused the profile: ${checked.reason}`);
    const driver = this.drivers[checked.profile.kind];
    if (!driver)
      throw new HoldfastError('tunnel-failed', `${checked.profile.kind} tunnels are not available in the helper`);
    const problems = await driver.preflight();
    const first = problems[0];
    if (first) throw new HoldfastError(first.code, first.message, first.binary ? { binary: first.binary } : {});
    const session = await driver.start({
      profile: checked.profile,
      secrets: checked.secrets,
      runtimeDir: this.runtimeDir,
      ...(request.endpointIndex !== undefined ? { endpointIndex: request.endpointIndex } : {}),
      ...(request.credentials ? { credentials: request.credentials } : {}),
      ...(request.fullTunnel !== undefined ? { fullTunnel: request.fullTunnel } : {}),
      ...(request.noRoutes !== undefined ? { noRoutes: request.noRoutes } : {}),
    });
    const sessionId = `t${this.nextId++}`;
    this.sessions.set(sessionId, session);
    session.onEvent((event) => {
      emit(sessionId, event);
      // A tunnel whose process ended is gone: forget it so an orphaned helper can exit.
      if (event.type === 'exited' && this.sessions.get(sessionId) === session) {
        this.sessions.delete(sessionId);
        this.changed();
      }
    });
    this.changed();
    const probeTarget = session.probeTarget();
    return { sessionId, interfaceName: session.interfaceName, ...(probeTarget ? { probeTarget } : {}) };
  }

  async ready(sessionId: string): Promise<void> {
    await this.get(sessionId).ready();
  }

  status(sessionId: string): Promise<TunnelStatus> {
    return this.get(sessionId).status();
  }

  async stop(sessionId: string): Promise<void> {
    const session = this.get(sessionId);
    this.sessions.delete(sessionId);
    const stopped = session.stop();
    this.stopping.add(stopped);
    try {
      await stopped;
    } finally {
      this.stopping.delete(stopped);
      this.changed();
    }
  }

  /**
   * Best effort: every tunnel is stopped even when one of them fails to. Resolves once stops already
   * under way have finished too, so a helper that exits afterwards leaves no device behind.
   */
  async stopAll(): Promise<void> {
    const all = [...this.sessions.keys()].map((id) => this.stop(id));
    await Promise.allSettled([...all, ...this.stopping]);
  }

  private get(sessionId: string): TunnelSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new UnknownSessionError(sessionId);
    return session;
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener();
  }
}

export class UnknownSessionError extends Error {
  constructor(sessionId: string) {
    super(`no tunnel session ${sessionId} in this helper`);
    this.name = 'UnknownSessionError';
  }
}
