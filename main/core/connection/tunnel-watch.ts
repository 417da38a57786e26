import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { DetectionKind } from './failover/messages';
import { HealthMonitor, type HealthTimings } from './health-monitor';
import type { LiveStatus } from './state';
import type { OpenTunnel, ProbeFn } from './tunnel-launcher';

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
  timings: HealthTimings;
  pollIntervalMs: () => number;
  probe: ProbeFn;
  probeTarget: string | undefined;
  onStatus: (live: LiveStatus) => void;
  onLog: (level: 'info' | 'warn', message: string) => void;
}

export interface Watch {
  /** Resolves once the tunnel is dead; never resolves if stopped first. */
  dead: Promise<TunnelDeath>;
  stop(): void;
}

/**
 * Polls counters every second and probes through the tunnel when they look wrong, feeding the pure
 * HealthMonitor; the driver's own signals (process exit, server-side restart, refused credentials)
 * end the watch at once.
 */
export function watchTunnel(options: WatchOptions): Watch {
  const { tunnel, clock, timings, probe, probeTarget } = options;
  const monitor = new HealthMonitor(timings, clock.now());
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

  const tick = async (): Promise<void> => {
    if (busy || finished) return;
    busy = true;
    try {
      const now = clock.now();
      if (now - lastPoll >= options.pollIntervalMs()) {
        lastPoll = now;
        const status = await tunnel.session.status();
        if (finished) return;
        options.onStatus({
          interfaceName: status.interfaceName,
          endpoint: status.endpoint,
          tunnelAddresses: status.tunnelAddresses,
          rxBytes: status.rxBytes,
          txBytes: status.txBytes,
          handshakeAgeMs: status.handshakeAgeMs,
          uptimeMs: now - tunnel.startedAt,
        });
        const verdict = monitor.observe({ at: now, ...status });
        if (verdict.kind === 'slept') {
          options.onLog(
            'info',
            `the computer was asleep for ${Math.round(verdict.gapMs / 1000)} s; checking the tunnel`,
          );
        }
      }
      if (probeTarget && !probing && monitor.shouldProbe(now)) {
        monitor.probeSent(now);
        probing = true;
        void probe(probeTarget, 1000).then((ok) => {
          probing = false;
          monitor.probeAnswered(ok, clock.now());
        });
      }
      const verdict = monitor.evaluate(clock.now());
      if (verdict.kind === 'dead') {
        const stale = verdict.reason.startsWith('no handshake');
        finish({
          detectedBy: stale ? 'handshake-stale' : 'no-answer',
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

  const cancelInterval = clock.setInterval(() => void tick(), Math.min(250, timings.probeEveryMs));
  function stop(): void {
    if (finished) return;
    finished = true;
    cancelInterval();
    offEvents();
  }
  void tick();
  return { dead, stop };
}
