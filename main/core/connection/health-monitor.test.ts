import fc from 'fast-check';
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

  it("with a floor of unanswered bytes, ignores a link's own chatter and still suspects real traffic", () => {
    // As for a tunnel with nothing to ask: no idle checks either.
    const m = new HealthMonitor({ ...t, unansweredTxBytes: 512, idleProbeEveryMs: Number.POSITIVE_INFINITY }, 0);
    feed(m, [[1000, 100, 100]]);
    // Three router solicitations of 48 bytes, seconds apart: nothing answers them, and nothing is wrong.
    expect(
      feed(m, [
        [4000, 100, 148],
        [8000, 100, 196],
        [12_000, 100, 244],
      ]).map((v) => v.kind),
    ).toEqual(['healthy', 'healthy', 'healthy']);
    expect(m.shouldProbe(12_000)).toBe(false);
    // Data going out in earnest counts everything unanswered since the last answer.
    expect(m.observe({ at: 12_500, rxBytes: 100, txBytes: 700 }).kind).toBe('suspect');
    expect(m.evaluate(12_500 + t.deadAfterMs).kind).toBe('dead');
  });

  it('counts unanswered bytes from the last answer: data coming back starts the count again', () => {
    const m = new HealthMonitor({ ...t, unansweredTxBytes: 512 }, 0);
    feed(m, [
      [1000, 100, 100],
      [2000, 100, 500],
      [3000, 900, 600],
    ]);
    expect(m.observe({ at: 5000, rxBytes: 900, txBytes: 1000 }).kind).toBe('healthy');
    expect(m.observe({ at: 6000, rxBytes: 900, txBytes: 1200 }).kind).toBe('suspect');
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

  it('calls a busy tunnel dead as soon as it is suspect when the network reported the server unreachable', () => {
    const m = new HealthMonitor(t, 0);
    m.observe({ at: 800, rxBytes: 100, txBytes: 100, unreachables: 4 });
    m.observe({ at: 1000, rxBytes: 200, txBytes: 200, unreachables: 4 });
    // The server is killed: tx keeps growing, rx stops, its kernel answers "port unreachable".
    expect(m.observe({ at: 1200, rxBytes: 200, txBytes: 300, unreachables: 5 }).kind).toBe('healthy');
    expect(m.observe({ at: 1400, rxBytes: 200, txBytes: 400, unreachables: 7 }).kind).toBe('healthy');
    const v = m.observe({ at: 1600, rxBytes: 200, txBytes: 500, unreachables: 8 });
    expect(v).toMatchObject({ kind: 'dead', cause: 'unreachable', detectedAfterMs: 600 });
  });

  it('without such a report, waits out the whole silence', () => {
    const m = new HealthMonitor(t, 0);
    m.observe({ at: 800, rxBytes: 100, txBytes: 100, unreachables: 4 });
    m.observe({ at: 1000, rxBytes: 200, txBytes: 200, unreachables: 4 });
    expect(m.observe({ at: 1600, rxBytes: 200, txBytes: 500, unreachables: 4 }).kind).toBe('suspect');
    expect(m.evaluate(1600 + t.deadAfterMs - 1).kind).toBe('suspect');
    expect(m.evaluate(1600 + t.deadAfterMs)).toMatchObject({ kind: 'dead', cause: 'silence' });
  });

  it('ignores unreachable reports while data comes back, and those older than a probe answer', () => {
    const m = new HealthMonitor(t, 0);
    m.observe({ at: 800, rxBytes: 100, txBytes: 100, unreachables: 0 });
    // Something else on the network was refused while the tunnel worked: old news afterwards.
    m.observe({ at: 1000, rxBytes: 200, txBytes: 200, unreachables: 3 });
    m.observe({ at: 1200, rxBytes: 200, txBytes: 300, unreachables: 6 });
    expect(m.observe({ at: 1600, rxBytes: 200, txBytes: 400, unreachables: 6 }).kind).toBe('dead');

    const answered = new HealthMonitor(t, 0);
    answered.observe({ at: 800, rxBytes: 100, txBytes: 100, unreachables: 0 });
    answered.observe({ at: 1000, rxBytes: 200, txBytes: 200, unreachables: 0 });
    answered.observe({ at: 1200, rxBytes: 200, txBytes: 300, unreachables: 2 });
    expect(answered.probeAnswered(true, 1300).kind).toBe('healthy');
    answered.observe({ at: 1400, rxBytes: 200, txBytes: 400, unreachables: 2 });
    expect(answered.observe({ at: 2000, rxBytes: 200, txBytes: 500, unreachables: 2 }).kind).toBe('suspect');
  });

  it('does not shortcut an idle check on unreachable reports', () => {
    const m = new HealthMonitor(t, 0);
    for (let at = 1000; at < 11_000; at += 1000) m.observe({ at, rxBytes: 100, txBytes: 100, unreachables: 0 });
    expect(m.observe({ at: 11_000, rxBytes: 100, txBytes: 100, unreachables: 9 }).kind).toBe('suspect');
  });

  it('never declares death while every sample shows data coming back (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 50, max: 1000 }), tx: fc.nat(5000), unreachable: fc.nat(3) }), {
          minLength: 1,
          maxLength: 60,
        }),
        (steps) => {
          const m = new HealthMonitor(t, 0);
          let at = 0;
          let rx = 0;
          let tx = 0;
          let unreachables = 0;
          for (const step of steps) {
            at += step.gap;
            rx += 1;
            tx += step.tx;
            unreachables += step.unreachable;
            expect(m.observe({ at, rxBytes: rx, txBytes: tx, unreachables }).kind).not.toBe('dead');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
