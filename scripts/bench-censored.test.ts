import { describe, expect, it } from 'vitest';
import {
  attemptLines,
  censoredFigures,
  connectedAfter,
  plainFailuresBefore,
  routeCounts,
  runLeaks,
  timeline,
  withGoal,
  type CensoredSample,
} from '../e2e/bench/censored-figures';
import { censoredTable } from '../e2e/bench/censored-table';
import { parseBenchOptions } from '../e2e/bench/options';

// The censored case's goals and its reading of the CLI's events: wrong here means a goal reported met that was not.
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();
const shadowsocks = { id: 'd-1', kind: 'shadowsocks', detail: 'aes-256-gcm', server: '10.200.1.2:8388' };
const sample = (first: number | 'timeout' | null, second: number | null, mid: number | 'timeout', leaks = 0) =>
  ({
    ok: true,
    first: first === null ? null : { ms: first, leakedPackets: leaks },
    second: second === null ? null : { ms: second, leakedPackets: 0 },
    midSession: { ms: mid, leakedPackets: 0 },
  }) satisfies CensoredSample;

describe('censored goals', () => {
  it('passes a time only when p50 and p95 are both within the goal', () => {
    expect(withGoal([4000, 5000, 9000], 10_000)).toMatchObject({ p50: 5000, p95: 9000, pass: true });
    expect(withGoal([4000, 5000, 12_000], 10_000)).toMatchObject({ p95: 12_000, pass: false });
    expect(withGoal([], 10_000)).toMatchObject({ n: 0, pass: false });
  });

  it('fails a time when a percentile falls on a run that never got there', () => {
    const f = withGoal([2000, 'timeout'], 8000);
    expect(f).toMatchObject({ p50: 2000, p95: null, timedOut: 1, beyondCap: ['p95'], pass: false });
  });

  it('fails "no leak" on a single leaking run, even one p95 does not reach', () => {
    const runs = [...Array<number>(20).fill(0), 3];
    expect(withGoal(runs, 0)).toMatchObject({ p95: 0, pass: true });
    expect(withGoal(runs, 0, true)).toMatchObject({ max: 3, pass: false });
  });

  it('adds up the leaks of the phases a run measured', () => {
    expect(runLeaks(sample(8000, 600, 4000, 2))).toBe(2);
    expect(runLeaks({ ok: false, first: null, second: null, midSession: null })).toBeNull();
  });

  it('reports every figure with its goal, and allPass only when each is met', () => {
    const good = censoredFigures([sample(8000, 600, 4000), sample(9000, 700, 5000)]);
    expect(good.allPass).toBe(true);
    expect(good.figures.firstConnectMs).toMatchObject({ goal: 10_000, p50: 8000, p95: 9000, pass: true });
    expect(good.figures.leakedPackets).toMatchObject({ goal: 0, max: 0, pass: true });
    // A first connect that never got through leaves no second connect to time.
    const bad = censoredFigures([sample(8000, 600, 4000), sample('timeout', null, 5000)]);
    expect(bad.figures.firstConnectMs).toMatchObject({ timedOut: 1, pass: false });
    expect(bad.figures.secondConnectMs).toMatchObject({ n: 1, pass: true });
    expect(bad.allPass).toBe(false);
  });
});

describe('reading the CLI in a censored run', () => {
  const state = (ms: number, s: string, route?: unknown) => ({
    type: 'state',
    at: at(ms),
    state: s,
    profile: 'server-1-wg',
    reason: `${s} reason`,
    ...(route ? { route } : {}),
  });

  it('takes the first connected event after time zero as the route that carried traffic, even one after the page', () => {
    const events = [
      state(-3000, 'connected'),
      { type: 'drop', at: at(2100), profile: 'server-1-wg', reason: 'no answer', detectedBy: 'no-answer' },
      state(2300, 'failing-over'),
      state(4300, 'connected', { disguise: shadowsocks, why: 'blocked' }),
    ];
    expect(connectedAfter(events, T0)).toEqual({
      at: T0 + 4300,
      profile: 'server-1-wg',
      route: { kind: 'shadowsocks', server: '10.200.1.2:8388', why: 'blocked' },
    });
    expect(connectedAfter(events, T0 - 5000)?.route).toBeNull(); // the plain connection before
    expect(connectedAfter(events, T0 + 5000)).toBeNull();
    expect(plainFailuresBefore(events, T0, T0 + 4300)).toBe(1);
    expect(plainFailuresBefore(events, T0 + 3000, T0 + 4300)).toBe(0);
  });

  it('lists the attempts of each incident from its last record, with their rounds and times', () => {
    const attempt = (label: string, outcome: string, ms: number, round: number) => ({
      candidate: { serverName: 'Server 1', transportLabel: label },
      outcome,
      ms,
      round,
      reason: outcome === 'won' ? 'carried data' : 'no data came through within 6 s',
    });
    const events = [
      { type: 'incident', at: at(-100), incident: { id: 'old', attempts: [attempt('TCP 443', 'won', 10, 1)] } },
      { type: 'incident', at: at(6400), incident: { id: 'a', attempts: [attempt('WireGuard', 'lost', 0, 0)] } },
      {
        type: 'incident',
        at: at(8000),
        incident: {
          id: 'a',
          attempts: [attempt('WireGuard', 'lost', 0, 0), attempt('Shadowsocks · WireGuard', 'won', 160, 1)],
        },
      },
    ];
    expect(attemptLines(events, T0)).toEqual([
      'round 0: Server 1 · WireGuard lost in 0.00 s (no data came through within 6 s)',
      'round 1: Server 1 · Shadowsocks · WireGuard won in 0.16 s (carried data)',
    ]);
  });

  it('keeps states, drops, failovers, notifications and warnings in the timeline, relative to time zero', () => {
    const events = [
      state(650, 'connecting'),
      { type: 'status', at: at(700) },
      { type: 'log', at: at(800), level: 'info', message: 'noise' },
      { type: 'log', at: at(6850), level: 'warn', message: 'could not connect' },
      state(8530, 'connected', { disguise: shadowsocks, why: 'blocked' }),
    ];
    expect(timeline(events, T0)).toEqual([
      '+0.65s connecting: connecting reason',
      '+6.85s warn: could not connect',
      '+8.53s connected: connected reason [shadowsocks, blocked]',
    ]);
  });

  it('counts which route carried the first page, and runs with no page', () => {
    const route = { kind: 'tls', server: 's', why: 'remembered' };
    expect(routeCounts([{ ms: 600, route }, { ms: 700, route }, { ms: 'timeout', route: null }, null])).toEqual({
      'tls (remembered)': 2,
      none: 1,
    });
    expect(routeCounts([{ ms: 4000, route: null }])).toEqual({ plain: 1 });
  });
});

describe('the censored table and option', () => {
  it('shows each figure against its goal, and openvpn that never connected', () => {
    const figure = (p50: number, p95: number | null, goal: number, pass: boolean) => ({
      n: 5,
      p50,
      p95,
      max: p95,
      timedOut: p95 === null ? 1 : 0,
      goal,
      pass,
    });
    const table = censoredTable(
      {
        name: 'censored',
        status: 'measured',
        runs: { done: 5, planned: 5 },
        holdfast: {
          firstConnectMs: figure(8500, 9100, 10_000, true),
          secondConnectMs: figure(600, 700, 3000, true),
          restoreMs: figure(4200, null, 8000, false),
          leakedPackets: figure(0, 0, 0, true),
        },
        routes: { first: { 'shadowsocks (blocked)': 5 } },
        startedDisguised: { met: 5, of: 5 },
        disguiseOrder: 'tls',
        baseline: { runs: [{ proto: 'udp', outcome: 'did not connect within 90 s' }] },
      },
      30_000,
    );
    expect(table).toContain('| first connect, fresh network | <= 10 s | 8.50 | 9.10 | met | shadowsocks (blocked) 5 |');
    expect(table).toContain('started disguised 5 of 5');
    expect(table).toContain('Censored case: 5/5 runs, disguise order tls. Figures in seconds.');
    expect(table).toContain('| censor on mid-session, to traffic again | <= 8 s | 4.20 | >30 | missed |');
    expect(table).toContain('| plain openvpn, UDP | – | did not connect within 90 s |');
  });

  it('selects the censored case alone, with five runs by default', () => {
    const parsed = parseBenchOptions(['--case', 'censored']);
    expect(parsed.ok && parsed.value).toMatchObject({ cases: ['censored'], censoredRuns: 5 });
    expect(parseBenchOptions([]).ok && (parseBenchOptions([]) as { value: { cases: string[] } }).value.cases).toContain(
      'censored',
    );
    expect(parseBenchOptions(['--censored-runs', '0'])).toMatchObject({ ok: false });
  });

  it('takes a disguise order for the censored case, and refuses one that is not a list of names', () => {
    expect(parseBenchOptions(['--case', 'censored'])).toMatchObject({ ok: true, value: { disguiseOrder: undefined } });
    expect(parseBenchOptions(['--disguise-order', 'obfs4,tls'])).toMatchObject({
      ok: true,
      value: { disguiseOrder: 'obfs4,tls' },
    });
    expect(parseBenchOptions(['--disguise-order', 'tls;rm'])).toMatchObject({
      ok: false,
      message: expect.stringContaining('--disguise-order') as unknown,
    });
  });
});
