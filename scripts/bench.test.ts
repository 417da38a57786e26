import { describe, expect, it } from 'vitest';
import { incidentFigures } from '../e2e/bench/event-metrics';
import { parseBenchOptions } from '../e2e/bench/options';
import { percentile, ratio, summarize } from '../e2e/bench/stats';

// The benchmark's arithmetic and its reading of CLI events: wrong here means wrong figures in the report.
const at = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('bench percentiles', () => {
  it('uses nearest rank, so p95 of ten runs is the slowest', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 0.5)).toBe(5);
    expect(percentile(sorted, 0.95)).toBe(10);
    expect(percentile([], 0.5)).toBeUndefined();
  });

  it('counts timed-out runs as slower than any figure and reports a percentile that falls on them as null', () => {
    const summary = summarize([1000, 'timeout', 3000, 'timeout', null]);
    expect(summary).toEqual({ n: 4, p50: 3000, p95: null, min: 1000, max: 3000, timedOut: 2, beyondCap: ['p95'] });
    expect(summarize(['timeout'])).toMatchObject({ p50: null, p95: null, timedOut: 1, beyondCap: ['p50', 'p95'] });
  });

  it('gives Holdfast/baseline ratios only where both sides have a figure', () => {
    const h = summarize([2000, 4000]);
    const b = summarize([60_000, 80_000]);
    expect(ratio(h, b)).toEqual({ p50: 0.033, p95: 0.05 });
    expect(ratio(summarize(['timeout']), b)).toEqual({ p50: null, p95: null });
  });

  it('bounds the ratio when the baseline never got there within its cap', () => {
    const h = summarize([4000, 5000]);
    expect(ratio(h, summarize(['timeout']), 90_000)).toEqual({
      p50: null,
      p95: null,
      p50AtMost: 0.044,
      p95AtMost: 0.056,
    });
  });
});

describe('reading CLI events after a fault', () => {
  const state = (ms: number, s: string, profile: string) => ({
    type: 'state',
    at: at(T0 + ms),
    state: s,
    profile,
    reason: 'r',
  });

  it('an older CLI: detection is the first state that leaves connected; nothing before the fault counts', () => {
    const events = [
      state(-5000, 'connecting', 'server-1-wg'),
      state(-4000, 'connected', 'server-1-wg'),
      { type: 'status', at: at(T0 + 500) },
      state(3200, 'reconnecting', 'server-1-wg'),
      state(9000, 'connected', 'server-1-wg'),
    ];
    const f = incidentFigures(events, T0, T0 + 30_000, 'server-1-wg');
    expect(f).toMatchObject({
      detectMs: 3200,
      detectedBy: 'state',
      leftConnected: 1,
      profileSwitches: 0,
      failoverEvents: 0,
    });
    expect(f.connectedTo).toEqual(['server-1-wg']);
  });

  it('prefers the drop event, counts failovers, notifications and switches of the connected profile', () => {
    const events = [
      state(2600, 'failing-over', 'server-1-wg'),
      { type: 'drop', at: at(T0 + 2500), profile: 'server-1-wg', reason: 'no answer', detectedAfterMs: 2400 },
      { type: 'failover', at: at(T0 + 4000), from: 'server-1-wg', to: 'server-2-wg', reason: 'r' },
      state(4100, 'connected', 'server-2-wg'),
      { type: 'notification', at: at(T0 + 4200), title: 'Reconnected', body: 'b' },
      { type: 'notification', at: at(T0 + 40_000), title: 'too late', body: 'b' },
    ];
    const f = incidentFigures(events, T0, T0 + 10_000, 'server-1-wg');
    expect(f).toMatchObject({
      detectMs: 2500,
      detectedBy: 'drop',
      dropSaysMs: 2400,
      failoverEvents: 1,
      notifications: 1,
      notificationTitles: ['Reconnected'],
      profileSwitches: 1,
      connectedTo: ['server-2-wg'],
    });
  });

  it('a seamless switch that never leaves connected is detected by its failover event', () => {
    const events = [
      { type: 'failover', at: at(T0 + 900), from: 'server-1-wg', to: 'server-2-wg', reason: 'r' },
      state(950, 'connected', 'server-2-wg'),
    ];
    expect(incidentFigures(events, T0, T0 + 5000, 'server-1-wg')).toMatchObject({
      detectMs: 900,
      detectedBy: 'failover',
    });
    expect(incidentFigures([], T0, T0 + 5000, 'server-1-wg')).toMatchObject({ detectMs: null, detectedBy: null });
  });
});

describe('bench options', () => {
  it('defaults to every case with ten runs, and refuses unknown cases and silly numbers', () => {
    const ok = parseBenchOptions([]);
    expect(ok.ok && ok.value.runs).toBe(10);
    expect(ok.ok && ok.value.cases).toContain('flapping');
    const some = parseBenchOptions(['--case', 'udp-blocked,data-frozen', '--runs', '3', '--no-baseline']);
    expect(some.ok && some.value).toMatchObject({ cases: ['udp-blocked', 'data-frozen'], runs: 3, baseline: false });
    expect(parseBenchOptions(['--case', 'nope'])).toMatchObject({ ok: false });
    expect(parseBenchOptions(['--runs', '0'])).toMatchObject({ ok: false });
    expect(parseBenchOptions(['--cap-seconds', '2.5'])).toMatchObject({ ok: false });
  });
});
