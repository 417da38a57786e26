import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { LogLimiter, type LogLevel } from './log-limiter';

describe('LogLimiter', () => {
  it('passes a few lines a second, keeps a budget for problems, and says how many it left out', async () => {
    const clock = new FakeClock();
    const out: Array<[LogLevel, string]> = [];
    const limiter = new LogLimiter(clock, (level, message) => out.push([level, message]));
    for (let i = 0; i < 20; i += 1) limiter.log('info', `line ${i}`);
    limiter.log('error', 'TLS handshake failed');
    expect(out).toEqual([
      ['info', 'line 0'],
      ['info', 'line 1'],
      ['error', 'TLS handshake failed'],
    ]);
    await clock.advance(1000);
    limiter.log('info', 'next second');
    expect(out.slice(3)).toEqual([
      ['info', '18 more tunnel log lines left out to keep the log calm'],
      ['info', 'next second'],
    ]);
    for (let i = 0; i < 10; i += 1) limiter.log('warn', `warning ${i}`);
    expect(out.filter(([level]) => level === 'warn')).toHaveLength(3);
  });
});
