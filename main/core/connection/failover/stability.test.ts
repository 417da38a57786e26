import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, SwitchGovernor, backoffCeiling, backoffDelay, type SwitchRules } from './stability';

const MIN = 60_000;
const rules: SwitchRules = { minSwitchIntervalMs: 3 * MIN, returnToPreferred: true, returnAfterMs: 5 * MIN };

describe('backoff', () => {
  it('doubles from one second up to a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((n) => backoffCeiling(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('always waits between half the ceiling and the ceiling, whatever the random source says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80 }), fc.double({ min: -1, max: 2, noNaN: true }), (attempt, r) => {
        const ceiling = backoffCeiling(attempt, DEFAULT_BACKOFF);
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }),
      { numRuns: 500 },
    );
  });

  it('spreads clients apart: different random draws give different waits', () => {
    expect(backoffDelay(3, () => 0)).toBe(4000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(3, () => 0.5)).toBe(6000);
  });
});

describe('SwitchGovernor', () => {
  it('allows one voluntary switch per interval while the current server works', () => {
    const g = new SwitchGovernor();
    g.landed('tokyo', 0, 'initial');
    expect(g.mayLeaveWorkingServer(0, rules)).toBe(true);
    g.landed('osaka', 10_000, 'failover');
    expect(g.mayLeaveWorkingServer(10_000 + 3 * MIN - 1, rules)).toBe(false);
    expect(g.nextVoluntarySwitchAt(rules)).toBe(10_000 + 3 * MIN);
    expect(g.mayLeaveWorkingServer(10_000 + 3 * MIN, rules)).toBe(true);
    // Reconnecting to the same server is not a switch.
    g.landed('osaka', 20 * MIN, 'failover');
    expect(g.mayLeaveWorkingServer(20 * MIN, rules)).toBe(true);
  });

  it('returns to the preferred server only after it answered for the whole period', () => {
    const g = new SwitchGovernor();
    g.landed('tokyo', 0, 'initial');
    g.landed('osaka', 1000, 'failover');
    g.preferredObserved(true, 2000);
    expect(g.shouldReturn(2000 + 5 * MIN - 1, 'tokyo', rules)).toBe(false);
    g.preferredObserved(false, 3 * MIN);
    g.preferredObserved(true, 4 * MIN);
    expect(g.shouldReturn(2000 + 5 * MIN, 'tokyo', rules)).toBe(false);
    expect(g.preferredHealthyFor(9 * MIN)).toBe(5 * MIN);
    expect(g.shouldReturn(9 * MIN, 'tokyo', rules)).toBe(true);
    expect(g.shouldReturn(9 * MIN, 'tokyo', { ...rules, returnToPreferred: false })).toBe(false);
    g.landed('tokyo', 9 * MIN, 'return');
    expect(g.shouldReturn(20 * MIN, 'tokyo', rules)).toBe(false);
  });

  it('waits for the switch interval even when the preferred server has been healthy long enough', () => {
    const g = new SwitchGovernor();
    g.landed('tokyo', 0, 'initial');
    g.preferredObserved(true, 0);
    g.landed('osaka', 6 * MIN, 'failover');
    g.preferredObserved(true, 6 * MIN);
    expect(g.shouldReturn(11 * MIN, 'tokyo', { ...rules, minSwitchIntervalMs: 10 * MIN })).toBe(false);
    expect(g.shouldReturn(16 * MIN, 'tokyo', { ...rules, minSwitchIntervalMs: 10 * MIN })).toBe(true);
  });
});
