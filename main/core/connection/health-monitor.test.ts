import { describe, expect, it } from 'vitest';
import { BALANCED_TIMINGS, HealthMonitor } from './health-monitor';

const t = BALANCED_TIMINGS;

function feed(monitor: HealthMonitor, samples: Array<[number, number, number]>) {
  return samples.map(([at, rx, tx]) => monitor.observe({ at, rxBytes: rx, txBytes: tx }));
}

describe('HealthMonitor', () => {
  it('stays healthy while data comes back', () => {
    const m = new HealthMonitor(t, 0);
    const verdicts = feed(m, [
      [1000, 100, 100],
      [2000, 200, 200],
      [3000, 300, 300],
      [4000, 400, 400],
    ]);
    expect(verdicts.every((v) => v.kind === 'healthy')).toBe(true);
    expect(m.shouldProbe(4000)).toBe(false);
  });

  it('suspects when tx grows without rx, probes, and declares death within seconds', () => {
    const m = new HealthMonitor(t, 0);
    feed(m, [[1000, 100, 100]]);
    expect(m.observe({ at: 2000, rxBytes: 100, txBytes: 200 }).kind).toBe('suspect');
    expect(m.shouldProbe(2000)).toBe(true);
    m.probeSent(2000);
    expect(m.shouldProbe(2200)).toBe(false);
    expect(m.shouldProbe(2500)).toBe(true);
    expect(m.probeAnswered(false, 3000).kind).toBe('suspect');
    const verdict = m.evaluate(4000);
    expect(verdict.kind).toBe('dead');
    if (verdict.kind === 'dead') expect(verdict.detectedAfterMs).toBe(4000);
  });

  it('a probe answer clears suspicion', () => {
    const m = new HealthMonitor(t, 0);
    feed(m, [
      [1000, 100, 100],
      [2000, 100, 200],
    ]);
    expect(m.probeAnswered(true, 2400).kind).toBe('healthy');
    expect(m.evaluate(5000).kind).toBe('healthy');
  });

  it('probes an idle tunnel after the idle interval instead of trusting silence', () => {
    const m = new HealthMonitor(t, 0);
    feed(m, [[1000, 0, 0]]);
    expect(m.observe({ at: 5000, rxBytes: 0, txBytes: 0 }).kind).toBe('healthy');
    expect(m.observe({ at: 10_000, rxBytes: 0, txBytes: 0 }).kind).toBe('suspect');
    expect(m.shouldProbe(10_000)).toBe(true);
  });

  it('treats a long gap between samples as sleep, not as a dead server', () => {
    const m = new HealthMonitor(t, 0);
    feed(m, [[1000, 100, 100]]);
    const v = m.observe({ at: 60_000, rxBytes: 100, txBytes: 300 });
    expect(v).toEqual({ kind: 'slept', gapMs: 59_000 });
    expect(m.evaluate(60_500).kind).toBe('suspect');
    expect(m.probeAnswered(true, 60_600).kind).toBe('healthy');
  });

  it('declares a handshake older than the limit dead at once', () => {
    const m = new HealthMonitor(t, 0);
    const v = m.observe({ at: 1000, rxBytes: 0, txBytes: 0, handshakeAgeMs: 181_000 });
    expect(v.kind).toBe('dead');
    expect(m.observe({ at: 2000, rxBytes: 10, txBytes: 0 }).kind).toBe('dead');
  });
});
