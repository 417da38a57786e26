import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { AUTO_MEASURE_CHECK_MS, AUTO_MEASURE_EVERY_MS, AutoMeasure } from './auto-measure';

function setup(options: { enabled?: boolean; idle?: boolean } = {}) {
  const clock = new FakeClock(0);
  const state = { enabled: options.enabled ?? true, idle: options.idle ?? true, passes: 0 };
  const auto = new AutoMeasure({
    clock,
    enabled: () => state.enabled,
    idle: async () => state.idle,
    measure: async () => {
      state.passes += 1;
    },
  });
  return { clock, state, auto };
}

describe('AutoMeasure', () => {
  it('never measures while the setting is off (the default)', async () => {
    const { clock, state, auto } = setup({ enabled: false });
    auto.start();
    await clock.advance(3 * AUTO_MEASURE_EVERY_MS);
    expect(state.passes).toBe(0);
    auto.stop();
  });

  it('measures at most once per interval, and only while idle', async () => {
    const { clock, state, auto } = setup({ idle: false });
    auto.start();
    await clock.advance(AUTO_MEASURE_CHECK_MS * 3);
    expect(state.passes).toBe(0);
    state.idle = true;
    await clock.advance(AUTO_MEASURE_CHECK_MS);
    expect(state.passes).toBe(1);
    await clock.advance(AUTO_MEASURE_EVERY_MS - 2 * AUTO_MEASURE_CHECK_MS);
    expect(state.passes).toBe(1);
    await clock.advance(3 * AUTO_MEASURE_CHECK_MS);
    expect(state.passes).toBe(2);
    auto.stop();
    await clock.advance(2 * AUTO_MEASURE_EVERY_MS);
    expect(state.passes).toBe(2);
    expect(clock.pending()).toBe(0);
  });
});
