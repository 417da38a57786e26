import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { Profile } from '../profiles/types';
import type { Settings } from '../settings/schema';
import type { NegotiatedSecurity, TunnelCredentials, TunnelDriver, TunnelSession } from '../tunnel/driver';
import type { TunnelTimings } from './failover/engine-types';
import type { Candidate } from './failover/types';
import type { KillSwitchGuard } from './kill-switch-guard';
import type { DisguiseInUse } from '../disguise/disguised-route';
import type { DisguiseEndpoint, DisguiseStarter } from './disguise-starter';
import { disguisedRequest, startDisguiseFor, superviseDisguise } from './disguised-session';
import type { SecurityVerdict } from './security-gate';
import {
  describeCheck,
  HTTPS_PORT,
  firstAnswer,
  planCheck,
  probesFor,
  type CheckPlan,
  type Probe,
  type TunnelCheck,
} from './tunnel-check';

export interface ProfileSource {
  get(id: string): Promise<Profile>;
  list(): Promise<Profile[]>;
  openSecrets(id: string): Promise<Record<string, string>>;
}

/** Sends one probe through the tunnel (bound to `interfaceName` when given); true when it was answered. */
export type ProbeFn = (target: string, timeoutMs: number, interfaceName?: string) => Promise<boolean>;

/** The probes beyond ICMP; each absent one is simply not asked. They resolve false rather than throw. */
export interface ExtraProbes {
  /** A UDP DNS query through the routes (full tunnels only). */
  dns?: (target: string, timeoutMs: number) => Promise<boolean>;
  /** A TCP handshake or reset, bound to `interfaceName` when given. */
  tcp?: (target: string, port: number, timeoutMs: number, interfaceName?: string) => Promise<boolean>;
}

export interface LauncherDeps {
  clock: Clock;
  drivers: Partial<Record<Profile['kind'], TunnelDriver>>;
  profiles: ProfileSource;
  settings: () => Settings;
  probe: ProbeFn;
  extraProbes?: ExtraProbes;
  runtimeDir: string;
  guard: KillSwitchGuard;
  securityGate?: (security: NegotiatedSecurity, settings: Settings) => SecurityVerdict;
  credentials?: (profile: Profile) => Promise<TunnelCredentials | undefined>;
  /** Runs disguise programs for disguised candidates; without it such candidates fail with a reason. */
  disguises?: DisguiseStarter;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** A running tunnel: data proven to flow both ways through it, or (said in `check`) the handshake alone. */
export interface OpenTunnel {
  profile: Profile;
  candidate: Candidate;
  session: TunnelSession;
  security: SecurityVerdict | null;
  /** How "connected" was earned: which answer came back, or the handshake alone. */
  check: TunnelCheck;
  startedAt: number;
  /** What coming up showed about the way to the server (passive latency; nothing extra was sent). */
  timings?: TunnelTimings;
  /** The disguise the tunnel runs inside, if any. */
  disguise?: DisguiseInUse;
  /** Stops the session and closes its hole in the kill switch. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const PROBE_RETRY_MS = 300;
/** How long a tunnel whose profile names nothing behind the server waits for guessed or public addresses. */
const UNNAMED_TARGETS_WAIT_MS = 3000;

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

  /**
   * `onLaunch` is called once everything the attempt needed from the user (credentials) is there, right before
   * the disguise and the tunnel start: a deadline measured from it is the network's time only.
   */
  async open(
    candidate: Candidate,
    options: { full: boolean; signal?: AbortSignal; onLaunch?: () => void },
  ): Promise<OpenTunnel> {
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
    const pin = candidate.disguise ? undefined : deps.guard.pinnedAddress(profile, candidate.endpointIndex);
    if (pin && pin.address === undefined && deps.guard.enabled) {
      throw new HoldfastError(
        'tunnel-failed',
        `${pin.host} could not be looked up and no address that worked before is remembered for it`,
      );
    }
    const launchedAt = deps.clock.now();
    options.onLaunch?.();
    const plainRequest = {
      profile,
      secrets,
      credentials,
      endpointIndex: candidate.endpointIndex,
      runtimeDir: deps.runtimeDir,
      noRoutes: !options.full,
      ...(pin?.address !== undefined ? { endpointAddress: pin.address } : {}),
    };
    const route = candidate.disguise ? await startDisguiseFor(candidate, profile, options.full, deps) : null;
    let session: TunnelSession;
    try {
      throwIfAborted(signal);
      session = route
        ? superviseDisguise(await driver.start(disguisedRequest(plainRequest, route, candidate.endpointIndex)), route)
        : await driver.start(plainRequest);
    } catch (err) {
      await route?.stop();
      throw err;
    }
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
        // A tunnel on probation carries no routes, so only Holdfast's own bound probes can reach its resolvers.
        dns: tunnelDns(profile, session),
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
      const proof = await this.proveDataFlows(profile, session, options.full, signal);
      if (!route) await deps.guard.worked(profile, candidate.endpointIndex);
      const timings = { handshakeMs, ...(proof.firstAnswerMs !== null ? { firstAnswerMs: proof.firstAnswerMs } : {}) };
      const disguise = route ? { disguise: route.inUse } : {};
      return {
        profile,
        candidate,
        session,
        security,
        check: proof.check,
        startedAt: deps.clock.now(),
        timings,
        stop,
        ...disguise,
      };
    } catch (err) {
      if (!route) deps.guard.failed(profile, candidate.endpointIndex);
      await stop();
      throw err;
    }
  }

  /** The disguise server of a disguised candidate, for the kill switch; undefined for a plain one. */
  disguiseEndpoint(candidate: Candidate): DisguiseEndpoint | undefined {
    return this.deps.disguises?.endpoint(candidate);
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
        const { check } = await this.proveDataFlows(profile, session, true, signal);
        return { ...tunnel, check, startedAt: deps.clock.now() };
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
   * One round of the evidence chain for a running full tunnel (the watch asks it when counters look wrong):
   * true as soon as anything behind the server answers. Null when there is nothing to ask, or when nothing
   * answered while connecting (connected on the handshake alone): asking again would only fail and call a
   * working tunnel dead the first time the link sends something nobody answers. The watch then relies on the
   * tunnel's counters alone.
   */
  checker(tunnel: OpenTunnel): ((timeoutMs: number) => Promise<boolean>) | null {
    if (tunnel.check.strength === 'handshake-only') return null;
    const probes = this.available(probesFor(this.plan(tunnel.profile, tunnel.session), { bound: false }));
    if (probes.length === 0) return null;
    return async (timeoutMs) => (await firstAnswer(probes, (p) => this.ask(p, timeoutMs))) !== null;
  }

  /**
   * "Connected" is earned: something behind the server must answer through the tunnel (a DNS reply, a TCP
   * handshake or reset, a ping reply), not merely a handshake. When the profile names nothing to ask and no
   * guessed or public address answers, the tunnel connects on the handshake alone, and says so. Answers also
   * how long the answered round took (a round trip through the server), or null when that cannot be told.
   */
  private async proveDataFlows(
    profile: Profile,
    session: TunnelSession,
    full: boolean,
    signal?: AbortSignal,
  ): Promise<{ check: TunnelCheck; firstAnswerMs: number | null }> {
    const settings = this.deps.settings();
    const plan = this.plan(profile, session);
    const bound = full ? undefined : session.interfaceName;
    const probes = this.available(probesFor(plan, { bound: bound !== undefined }));
    if (probes.length === 0) {
      this.deps.log(
        'info',
        `${profile.name}: nothing behind the server to check data with; connected on the handshake`,
      );
      return { check: { strength: 'handshake-only' }, firstAnswerMs: null };
    }
    // Guesses and public resolvers answer within a round trip when they answer at all; a profile that names
    // nothing to ask should not wait the full time for them, nor lose every failover race by waiting.
    const wait = plan.required
      ? settings.health.connectProbeTimeoutMs
      : Math.min(settings.health.connectProbeTimeoutMs, UNNAMED_TARGETS_WAIT_MS);
    const deadline = this.deps.clock.now() + wait;
    while (this.deps.clock.now() < deadline) {
      throwIfAborted(signal);
      const sentAt = this.deps.clock.now();
      const answer = await firstAnswer(probes, (p) => this.ask(p, 1000, bound));
      if (answer) {
        const ms = this.deps.clock.now() - sentAt;
        const check: TunnelCheck = {
          strength: 'data-verified',
          evidence: { kind: answer.kind, address: answer.target.address, role: answer.target.role },
        };
        this.deps.log('info', `${profile.name}: ${describeCheck(check)}`);
        return { check, firstAnswerMs: ms > 0 ? ms : null };
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
    const asked = plan.targets.map((t) => t.address).join(', ');
    if (!plan.required) {
      this.deps.log(
        'warn',
        `${profile.name}: nothing answered through the tunnel (asked ${asked}); connected on the handshake alone`,
      );
      return { check: { strength: 'handshake-only' }, firstAnswerMs: null };
    }
    throw new HoldfastError(
      'no-data-through-tunnel',
      `${profile.name} completed the handshake but nothing came back through the tunnel (checked ${asked})`,
      { target: asked },
    );
  }

  private plan(profile: Profile, session: TunnelSession): CheckPlan {
    const health = this.deps.settings().health;
    const wireguard = profile.kind === 'wireguard';
    return planCheck({
      probeTarget: health.probeTarget,
      dns: tunnelDns(profile, session),
      gateway: session.probeTarget(),
      addresses: wireguard ? profile.interface.addresses : [],
      routes: wireguard ? profile.peers.flatMap((p) => p.allowedIps) : undefined,
      publicResolvers: health.publicResolvers.enabled ? health.publicResolvers.addresses : [],
    });
  }

  /** Drops the kinds this machine cannot ask, so nothing spawns or waits for a probe that cannot answer. */
  private available(probes: Probe[]): Probe[] {
    const extra = this.deps.extraProbes ?? {};
    return probes.filter((p) => (p.kind === 'dns-answer' ? !!extra.dns : p.kind === 'tcp-answer' ? !!extra.tcp : true));
  }

  private ask(probe: Probe, timeoutMs: number, interfaceName?: string): Promise<boolean> {
    const extra = this.deps.extraProbes ?? {};
    const address = probe.target.address;
    if (probe.kind === 'dns-answer') return extra.dns ? extra.dns(address, timeoutMs) : Promise.resolve(false);
    if (probe.kind === 'tcp-answer') {
      const port = probe.port ?? HTTPS_PORT;
      return extra.tcp ? extra.tcp(address, port, timeoutMs, interfaceName) : Promise.resolve(false);
    }
    return this.deps.probe(address, timeoutMs, interfaceName);
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
