import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { Profile } from '../profiles/types';
import type { Settings } from '../settings/schema';
import type { NegotiatedSecurity, TunnelCredentials, TunnelDriver, TunnelSession } from '../tunnel/driver';
import type { TunnelTimings } from './failover/engine-types';
import type { Candidate } from './failover/types';
import type { KillSwitchGuard } from './kill-switch-guard';
import type { SecurityVerdict } from './security-gate';

export interface ProfileSource {
  get(id: string): Promise<Profile>;
  list(): Promise<Profile[]>;
  openSecrets(id: string): Promise<Record<string, string>>;
}

/** Sends one probe through the tunnel (bound to `interfaceName` when given); true when it was answered. */
export type ProbeFn = (target: string, timeoutMs: number, interfaceName?: string) => Promise<boolean>;

export interface LauncherDeps {
  clock: Clock;
  drivers: Partial<Record<Profile['kind'], TunnelDriver>>;
  profiles: ProfileSource;
  settings: () => Settings;
  probe: ProbeFn;
  runtimeDir: string;
  guard: KillSwitchGuard;
  securityGate?: (security: NegotiatedSecurity, settings: Settings) => SecurityVerdict;
  credentials?: (profile: Profile) => Promise<TunnelCredentials | undefined>;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A tunnel that has proven data flows both ways through it. */
export interface OpenTunnel {
  profile: Profile;
  candidate: Candidate;
  session: TunnelSession;
  security: SecurityVerdict | null;
  startedAt: number;
  /** What coming up showed about the way to the server (passive latency; nothing extra was sent). */
  timings?: TunnelTimings;
  /** Stops the session and closes its hole in the kill switch. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const PROBE_RETRY_MS = 300;

export class LaunchCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Brings one candidate up and earns "connected": the handshake must complete, the encryption must meet
 * the user's minimum, and a probe must come back through the tunnel. A `full` tunnel routes everything;
 * a probe tunnel (failover racing) only has its device, and the probe is bound to it.
 */
export class TunnelLauncher {
  constructor(private readonly deps: LauncherDeps) {}

  async open(candidate: Candidate, options: { full: boolean; signal?: AbortSignal }): Promise<OpenTunnel> {
    const { deps } = this;
    const signal = options.signal;
    const profile = await deps.profiles.get(candidate.profileId);
    const driver = deps.drivers[profile.kind];
    if (!driver) throw new HoldfastError('tunnel-failed', `${profile.kind} profiles cannot be connected here`);
    const problem = (await driver.preflight())[0];
    if (problem) {
      throw new HoldfastError(problem.code, problem.message, {
        ...(problem.binary ? { binary: problem.binary } : {}),
        ...(problem.debianPackage ? { package: problem.debianPackage } : {}),
      });
    }
    const secrets = await deps.profiles.openSecrets(profile.id);
    const credentials = deps.credentials ? await deps.credentials(profile) : undefined;
    throwIfAborted(signal);
    // A host-named server is reached at the address the kill switch allows, never by the name again.
    const pin = deps.guard.pinnedAddress(profile, candidate.endpointIndex);
    if (pin && pin.address === undefined && deps.guard.enabled) {
      throw new HoldfastError(
        'tunnel-failed',
        `${pin.host} could not be looked up and no address that worked before is remembered for it`,
      );
    }
    const launchedAt = deps.clock.now();
    const session = await driver.start({
      profile,
      secrets,
      credentials,
      endpointIndex: candidate.endpointIndex,
      runtimeDir: deps.runtimeDir,
      noRoutes: !options.full,
      ...(pin?.address !== undefined ? { endpointAddress: pin.address } : {}),
    });
    // Every caller waits for the same teardown: an abort and an explicit stop may race.
    let stopping: Promise<void> | null = null;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        signal?.removeEventListener('abort', onAbort);
        await session.stop();
        await deps.guard.tunnelDown(session.interfaceName).catch((err: unknown) => {
          deps.log('error', `kill switch: ${(err as Error).message}`);
        });
      })();
      return stopping;
    };
    const onAbort = (): void => void stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const seen: { security?: NegotiatedSecurity; authFailed?: string } = {};
      session.onEvent((event) => {
        if (event.type === 'negotiated') seen.security = event.security;
        if (event.type === 'auth-failed') seen.authFailed = event.message;
        if (event.type === 'log') deps.log(event.level, event.message);
      });
      await this.within(session.ready(), READY_TIMEOUT_MS, signal, () => {
        return new HoldfastError(
          'tunnel-failed',
          `${profile.name} did not complete a handshake within ${READY_TIMEOUT_MS / 1000} s`,
        );
      });
      const handshakeMs = deps.clock.now() - launchedAt;
      if (seen.authFailed) throw new HoldfastError('auth-failed', seen.authFailed);
      await deps.guard.tunnelUp(session.interfaceName, {
        dns: options.full ? tunnelDns(profile, session) : [],
        ipv6: options.full && carriesIpv6(profile),
      });
      let security: SecurityVerdict | null = null;
      if (seen.security && deps.securityGate) {
        security = deps.securityGate(seen.security, deps.settings());
        if (!security.allowed) {
          throw new HoldfastError(
            'encryption-too-weak',
            security.reason ?? 'The negotiated encryption is below your minimum',
          );
        }
      }
      const firstAnswerMs = await this.proveDataFlows(profile, session, options.full, signal);
      await deps.guard.worked(profile, candidate.endpointIndex);
      const timings = { handshakeMs, ...(firstAnswerMs !== null ? { firstAnswerMs } : {}) };
      return { profile, candidate, session, security, startedAt: deps.clock.now(), timings, stop };
    } catch (err) {
      deps.guard.failed(profile, candidate.endpointIndex);
      await stop();
      throw err;
    }
  }

  /**
   * Makes a proven probe tunnel (a race winner, a hot standby) the real one. Where the driver can promote a
   * session in place, the device and handshake stay and only routes, DNS and the kill switch entry change,
   * then data must flow again through the routes; otherwise, or if that fails, the tunnel starts over in full.
   */
  async promote(tunnel: OpenTunnel, signal?: AbortSignal): Promise<OpenTunnel> {
    const { deps } = this;
    const { session, profile } = tunnel;
    if (session.promote) {
      try {
        throwIfAborted(signal);
        await session.promote();
        await deps.guard.tunnelUp(session.interfaceName, {
          dns: tunnelDns(profile, session),
          ipv6: carriesIpv6(profile),
        });
        await this.proveDataFlows(profile, session, true, signal);
        return { ...tunnel, startedAt: deps.clock.now() };
      } catch (err) {
        await tunnel.stop();
        if (err instanceof LaunchCancelled) throw err;
        deps.log('warn', `${profile.name} could not take over in place (${(err as Error).message}); starting it again`);
        return this.open(tunnel.candidate, { full: true, signal });
      }
    }
    await tunnel.stop();
    return this.open(tunnel.candidate, { full: true, signal });
  }

  /**
   * "Connected" is earned: a probe must come back through the tunnel, not merely a handshake. Answers how long
   * the answered probe took (a round trip through the server), or null when that cannot be told.
   */
  private async proveDataFlows(
    profile: Profile,
    session: TunnelSession,
    full: boolean,
    signal?: AbortSignal,
  ): Promise<number | null> {
    const settings = this.deps.settings();
    const target = settings.health.probeTarget || session.probeTarget();
    if (!target) {
      throw new HoldfastError(
        'no-data-through-tunnel',
        `${profile.name} gives no address to check the tunnel with; set health.probeTarget to an address behind the server`,
      );
    }
    const deadline = this.deps.clock.now() + settings.health.connectProbeTimeoutMs;
    const bound = full ? undefined : session.interfaceName;
    while (this.deps.clock.now() < deadline) {
      throwIfAborted(signal);
      const sentAt = this.deps.clock.now();
      if (await this.deps.probe(target, 1000, bound)) {
        const ms = this.deps.clock.now() - sentAt;
        return ms > 0 ? ms : null;
      }
      throwIfAborted(signal);
      // An unreachable target can fail instantly: pace the retries.
      await this.within(
        this.deps.clock.sleep(PROBE_RETRY_MS),
        PROBE_RETRY_MS * 10,
        signal,
        () => new LaunchCancelled(),
      );
    }
    throw new HoldfastError(
      'no-data-through-tunnel',
      `${profile.name} completed the handshake but nothing came back through the tunnel (checked ${target})`,
      { target },
    );
  }

  private within<T>(
    promise: Promise<T>,
    ms: number,
    signal: AbortSignal | undefined,
    onTimeout: () => Error,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancelTimer = this.deps.clock.setTimeout(() => finish(() => reject(onTimeout())), ms);
      const onAbort = (): void => finish(() => reject(new LaunchCancelled()));
      let done = false;
      const finish = (act: () => void): void => {
        if (done) return;
        done = true;
        cancelTimer();
        signal?.removeEventListener('abort', onAbort);
        act();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => finish(() => resolve(value)),
        (err: unknown) => finish(() => reject(err instanceof Error ? err : new Error(String(err)))),
      );
    });
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new LaunchCancelled();
}

function tunnelDns(profile: Profile, session: TunnelSession): string[] {
  if (profile.kind === 'wireguard') return profile.interface.dns;
  const pushed = (session as TunnelSession & { pushedDns?: () => { servers: string[] } }).pushedDns;
  return typeof pushed === 'function' ? pushed.call(session).servers : [];
}

function carriesIpv6(profile: Profile): boolean {
  if (profile.kind !== 'wireguard') return false;
  return (
    profile.interface.addresses.some((a) => a.includes(':')) &&
    profile.peers.some((p) => p.allowedIps.some((ip) => ip === '::/0'))
  );
}
