import { describe, expect, it } from 'vitest';
import type { Profile } from '../profiles/types';
import type { LinkSignals } from '../system/link-signals';
import { FakeClock } from '../testing/fake-clock';
import { FakeSession } from '../testing/fake-driver';
import type { Candidate } from './failover/types';
import { withStandby } from './failover/sensitivity';
import { BALANCED_TIMINGS, type HealthTimings } from './health-monitor';
import type { LiveStatus } from './state';
import type { OpenTunnel } from './tunnel-launcher';
import { watchTunnel, type TunnelDeath } from './tunnel-watch';

/** A tunnel whose device counters the test moves by hand, as the kernel would. */
function world(options: { linkCounters: boolean; timings?: () => HealthTimings; nothingToAsk?: boolean }) {
  const clock = new FakeClock();
  const session = new FakeSession(0, { profile: {} as Profile, secrets: {}, runtimeDir: '/x', endpointIndex: 0 });
  const device = { rxBytes: 0, txBytes: 0, unreachables: 0, reads: 0 };
  const linkSignals: LinkSignals = {
    counters: async (name) => {
      device.reads += 1;
      return options.linkCounters && name === session.interfaceName
        ? { rxBytes: device.rxBytes, txBytes: device.txBytes }
        : null;
    },
    unreachables: async () => device.unreachables,
  };
  const tunnel: OpenTunnel = {
    profile: {} as Profile,
    candidate: {} as Candidate,
    session,
    security: null,
    check: options.nothingToAsk
      ? { strength: 'handshake-only' }
      : { strength: 'data-verified', evidence: { kind: 'dns-answer', address: '10.0.0.1', role: 'tunnel-dns' } },
    startedAt: 0,
    stop: async () => undefined,
  };
  let probeAnswers = true;
  const statuses: LiveStatus[] = [];
  const watch = watchTunnel({
    tunnel,
    clock,
    timings: options.timings ?? (() => BALANCED_TIMINGS),
    pollIntervalMs: () => 500,
    check: options.nothingToAsk ? null : async () => probeAnswers,
    linkSignals,
    onStatus: (live) => statuses.push(live),
    onLog: () => undefined,
  });
  let death: TunnelDeath | undefined;
  void watch.dead.then((d) => (death = d));
  /** Traffic for `ms`: tx every 100 ms, rx too while the server answers. */
  const traffic = async (ms: number, answered: boolean, extra: () => void = () => undefined) => {
    for (let t = 0; t < ms; t += 100) {
      device.txBytes += 100;
      session.txBytes += 100;
      if (answered) {
        device.rxBytes += 100;
        session.rxBytes += 100;
      }
      extra();
      await clock.advance(100);
    }
  };
  return {
    clock,
    device,
    watch,
    traffic,
    death: () => death,
    statuses,
    silenceProbes: () => {
      probeAnswers = false;
    },
  };
}

describe('watchTunnel', () => {
  it('hears a killed server through the unreachable counter within a second', async () => {
    const w = world({ linkCounters: true });
    await w.traffic(2000, true);
    expect(w.death()).toBeUndefined();
    // Sampled five times a second, not at the driver's poll interval.
    expect(w.device.reads).toBeGreaterThanOrEqual(9);
    w.silenceProbes();
    await w.traffic(3000, false, () => (w.device.unreachables += 1));
    expect(w.death()).toMatchObject({ detectedBy: 'server-unreachable' });
    const after = w.death()?.detectedAfterMs ?? Infinity;
    expect(after).toBeLessThanOrEqual(1000);
    w.watch.stop();
  });

  it('calls a silent server dead after suspicion plus the dead period, with the system counters', async () => {
    const w = world({ linkCounters: true });
    await w.traffic(2000, true);
    w.silenceProbes();
    await w.traffic(5000, false);
    const death = w.death();
    expect(death).toMatchObject({ detectedBy: 'no-answer' });
    const budget = BALANCED_TIMINGS.suspectAfterMs + BALANCED_TIMINGS.deadAfterMs + 400;
    expect(death?.detectedAfterMs).toBeLessThanOrEqual(budget);
    expect(death?.detectedAfterMs).toBeGreaterThanOrEqual(
      BALANCED_TIMINGS.suspectAfterMs + BALANCED_TIMINGS.deadAfterMs,
    );
  });

  it('falls back to the driver counters when the system has none for the device', async () => {
    const w = world({ linkCounters: false });
    await w.traffic(3000, true);
    expect(w.death()).toBeUndefined();
    // One failed read and no more: the fallback is decided once.
    expect(w.device.reads).toBe(1);
    w.silenceProbes();
    await w.traffic(6000, false, () => (w.device.unreachables += 1));
    expect(w.death()).toMatchObject({ detectedBy: 'no-answer' });
  });

  it('stays quiet while the server answers, whatever else the network reports', async () => {
    const w = world({ linkCounters: true });
    await w.traffic(10_000, true, () => (w.device.unreachables += 1));
    expect(w.death()).toBeUndefined();
    w.watch.stop();
  });

  it('listens closer once a hot standby is ready, without restarting the watch', async () => {
    let standby = false;
    const w = world({
      linkCounters: true,
      timings: () => (standby ? withStandby(BALANCED_TIMINGS) : BALANCED_TIMINGS),
    });
    await w.traffic(2000, true);
    standby = true;
    w.silenceProbes();
    await w.traffic(3000, false);
    const tight = withStandby(BALANCED_TIMINGS);
    expect(w.death()).toMatchObject({ detectedBy: 'no-answer' });
    expect(w.death()?.detectedAfterMs).toBeLessThan(BALANCED_TIMINGS.suspectAfterMs + BALANCED_TIMINGS.deadAfterMs);
    expect(w.death()?.detectedAfterMs).toBeLessThanOrEqual(tight.suspectAfterMs + tight.deadAfterMs + 400);
  });

  it('tells the window how the tunnel is checked with every status', async () => {
    const w = world({ linkCounters: true });
    await w.traffic(1000, true);
    expect(w.statuses.at(-1)?.check).toEqual({
      strength: 'data-verified',
      evidence: { kind: 'dns-answer', address: '10.0.0.1', role: 'tunnel-dns' },
    });
    w.watch.stop();
  });

  it('leaves an idle handshake-only tunnel alone: with nothing to ask, quiet is no news', async () => {
    const w = world({ linkCounters: true, nothingToAsk: true });
    await w.traffic(1000, true);
    await w.clock.advance(BALANCED_TIMINGS.idleProbeEveryMs * 3);
    expect(w.death()).toBeUndefined();
    expect(w.statuses.at(-1)?.check).toEqual({ strength: 'handshake-only' });
    w.watch.stop();
  });

  it("leaves a handshake-only tunnel alone while only the link's own chatter goes unanswered", async () => {
    const w = world({ linkCounters: true, nothingToAsk: true });
    await w.traffic(1000, true);
    // The kernel's router solicitations after the link came up: 48 bytes at 4 s and at 12 s, never answered.
    for (const wait of [3000, 8000]) {
      await w.clock.advance(wait);
      w.device.txBytes += 48;
    }
    await w.clock.advance(5000);
    expect(w.death()).toBeUndefined();
    w.watch.stop();
  });

  it('still calls a handshake-only tunnel dead on its counters when data goes out and nothing comes back', async () => {
    const w = world({ linkCounters: true, nothingToAsk: true });
    await w.traffic(2000, true);
    await w.traffic(5000, false);
    expect(w.death()).toMatchObject({ detectedBy: 'no-answer' });
    expect(w.death()?.detectedAfterMs).toBeLessThanOrEqual(
      BALANCED_TIMINGS.suspectAfterMs + BALANCED_TIMINGS.deadAfterMs + 400,
    );
  });
});
