import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { DetectionKind } from './failover/messages';
import type { LinkSignals } from '../system/link-signals';
import { HealthMonitor, type DeathCause, type HealthTimings, type HealthVerdict } from './health-monitor';
import type { LiveStatus } from './state';
import type { OpenTunnel } from './tunnel-launcher';

/** Why a tunnel stopped carrying data, as failover needs to hear it. */
export interface TunnelDeath {
  detectedBy: DetectionKind;
  detail: string;
  detectedAfterMs?: number;
  error?: unknown;
}

export interface WatchOptions {
  tunnel: OpenTunnel;
  clock: Clock;
  /** Read on every decision (they tighten while a hot standby is ready). */
  timings: () => HealthTimings;
  pollIntervalMs: () => number;
  /**
   * One round of the tunnel's evidence chain (TunnelLauncher.checker): true when anything behind the server
   * answered. Null when there is nothing to ask: counters and the WireGuard handshake are then the evidence,
   * and an idle tunnel is not suspected merely for being idle.
   */
  check: ((timeoutMs: number) => Promise<boolean>) | null;
  /** The system's own counters, sampled between driver polls; absent: the driver's counters alone. */
  linkSignals?: LinkSignals;
  onStatus: (live: LiveStatus) => void;
  onLog: (level: 'info' | 'warn', message: string) => void;
}

export interface Watch {
  /** Resolves once the tunnel is dead; never resolves if stopped first. */
  dead: Promise<TunnelDeath>;
  stop(): void;
}

/** How often the system's tunnel counters are read when they are available (a small file read). */
const LINK_SAMPLE_MS = 200;
const TICK_MS = 100;
/**
 * What a tunnel device sends by itself that nothing answers, with room to spare: the kernel's IPv6 router
 * solicitations (three of 48 bytes in the first 12 s after the link comes up). Real traffic passes it in
 * moments.
 */
const LINK_CHATTER_BYTES = 512;

const DETECTED_BY: Record<DeathCause, DetectionKind> = {
  silence: 'no-answer',
  handshake: 'handshake-stale',
  unreachable: 'server-unreachable',
};

/**
 * Feeds the pure HealthMonitor: the system's device counters five times a second where it has them (else
 * the driver's, at the poll interval), the driver's status for the window, and probes through the tunnel
 * when the counters look wrong. The driver's own signals (process exit, server-side restart, refused
 * credentials) end the watch at once.
 */
export function watchTunnel(options: WatchOptions): Watch {
  const { tunnel, clock, timings, check } = options;
  // Quiet checks of an idle tunnel need something to ask; without it, silence while idle is no news. So is
  // an old WireGuard handshake: the protocol re-keys only when there is data to send, and nothing here sends
  // any. Data going out with nothing coming back still calls such a tunnel dead, once it is more than the
  // link's own chatter: no probe can tell that chatter from the user's data.
  const monitor = new HealthMonitor(
    check
      ? timings
      : () => ({
          ...timings(),
          idleProbeEveryMs: Number.POSITIVE_INFINITY,
          handshakeDeadMs: Number.POSITIVE_INFINITY,
          unansweredTxBytes: LINK_CHATTER_BYTES,
        }),
    clock.now(),
  );
  let finished = false;
  let resolveDead: (death: TunnelDeath) => void = () => undefined;
  const dead = new Promise<TunnelDeath>((resolve) => (resolveDead = resolve));
  let busy = false;
  let probing = false;
  let lastPoll = Number.NEGATIVE_INFINITY;

  const finish = (death: TunnelDeath): void => {
    if (finished) return;
    stop();
    resolveDead(death);
  };
  const offEvents = tunnel.session.onEvent((event) => {
    if (event.type === 'exited')
      finish({ detectedBy: 'tunnel-exited', detail: `the tunnel process ended: ${event.reason}` });
    if (event.type === 'reconnecting')
      finish({ detectedBy: 'server-dropped', detail: `the server connection was lost: ${event.reason}` });
    if (event.type === 'auth-failed') {
      finish({ detectedBy: 'other', detail: event.message, error: new HoldfastError('auth-failed', event.message) });
    }
  });

  let lastLinkSample = Number.NEGATIVE_INFINITY;
  /** Whether the system's counters answered: then the monitor hears only them (one consistent series). */
  let linkCounters = options.linkSignals !== undefined;
  let handshakeAgeMs: number | null | undefined;

  const sampleLink = async (now: number): Promise<void> => {
    const signals = options.linkSignals;
    if (!signals || !linkCounters || now - lastLinkSample < LINK_SAMPLE_MS) return;
    lastLinkSample = now;
    const [counters, unreachables] = await Promise.all([
      signals.counters(tunnel.session.interfaceName),
      signals.unreachables(),
    ]);
    if (finished) return;
    if (!counters) {
      linkCounters = false;
      return;
    }
    noteSleep(monitor.observe({ at: now, ...counters, handshakeAgeMs, unreachables }));
  };

  const noteSleep = (verdict: HealthVerdict): void => {
    if (verdict.kind !== 'slept') return;
    options.onLog('info', `the computer was asleep for ${Math.round(verdict.gapMs / 1000)} s; checking the tunnel`);
  };

  const pollDriver = async (now: number): Promise<void> => {
    if (now - lastPoll < options.pollIntervalMs()) return;
    lastPoll = now;
    const status = await tunnel.session.status();
    if (finished) return;
    handshakeAgeMs = status.handshakeAgeMs;
    options.onStatus({
      interfaceName: status.interfaceName,
      endpoint: status.endpoint,
      tunnelAddresses: status.tunnelAddresses,
      rxBytes: status.rxBytes,
      txBytes: status.txBytes,
      handshakeAgeMs: status.handshakeAgeMs,
      uptimeMs: now - tunnel.startedAt,
      check: tunnel.check,
    });
    if (!linkCounters) {
      noteSleep(monitor.observe({ at: now, rxBytes: status.rxBytes, txBytes: status.txBytes, handshakeAgeMs }));
    }
  };

  const tick = async (): Promise<void> => {
    if (busy || finished) return;
    busy = true;
    try {
      const now = clock.now();
      await sampleLink(now);
      if (finished) return;
      await pollDriver(now);
      if (finished) return;
      if (check && !probing && monitor.shouldProbe(now)) {
        monitor.probeSent(now);
        probing = true;
        void check(1000).then((ok) => {
          probing = false;
          monitor.probeAnswered(ok, clock.now());
        });
      }
      const verdict = monitor.evaluate(clock.now());
      if (verdict.kind === 'dead') {
        finish({
          detectedBy: DETECTED_BY[verdict.cause],
          detail: verdict.reason,
          detectedAfterMs: verdict.detectedAfterMs,
        });
      }
    } catch (err) {
      finish({ detectedBy: 'other', detail: `the tunnel stopped answering: ${(err as Error).message}` });
    } finally {
      busy = false;
    }
  };

  const cancelInterval = clock.setInterval(() => void tick(), TICK_MS);
  function stop(): void {
    if (finished) return;
    finished = true;
    cancelInterval();
    offEvents();
  }
  void tick();
  return { dead, stop };
}
