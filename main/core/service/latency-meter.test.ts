import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { parsePingTime } from '../system/latency-network';
import { LatencyMeter, type MeasureTarget, type MeterNetwork } from './latency-meter';

/** A network whose probes answer after `rtt` ms of fake time, recording how many run at once and when each began. */
function fakeNetwork(clock: FakeClock, answers: Record<string, { icmp?: number; tcp?: number }>) {
  let active = 0;
  const log = { maxActive: 0, starts: [] as number[], tcpTried: [] as string[] };
  const probe = async (ms: number | undefined, timeoutMs: number): Promise<number | null> => {
    active += 1;
    log.maxActive = Math.max(log.maxActive, active);
    await clock.sleep(ms === undefined ? timeoutMs : Math.min(ms, timeoutMs));
    active -= 1;
    return ms !== undefined && ms <= timeoutMs ? ms : null;
  };
  const network: MeterNetwork = {
    resolve: async (host) => (host.startsWith('unresolvable') ? null : `ip-of-${host}`),
    icmp: async (ip, timeoutMs) => {
      log.starts.push(clock.now());
      return probe(answers[ip.slice(6)]?.icmp, timeoutMs);
    },
    tcp: async (ip, port, timeoutMs) => {
      log.tcpTried.push(`${ip.slice(6)}:${port}`);
      return probe(answers[ip.slice(6)]?.tcp, timeoutMs);
    },
  };
  return { network, log };
}

const target = (key: string, tcpPorts: number[] = []): MeasureTarget => ({ key, host: key, tcpPorts });

async function run(meter: LatencyMeter, clock: FakeClock, targets: MeasureTarget[]) {
  const results = new Map<string, unknown>();
  const done = meter.measure(targets, (r) => results.set(r.key, r.latency));
  while (results.size < targets.length) await clock.advance(50);
  await done;
  return results;
}

describe('LatencyMeter', () => {
  it('measures at most a few at a time, spaced out, ICMP first and TCP only when ICMP gets no answer', async () => {
    const clock = new FakeClock(0);
    const answers: Record<string, { icmp?: number; tcp?: number }> = {};
    const targets: MeasureTarget[] = [];
    for (let i = 0; i < 12; i += 1) {
      answers[`s${i}`] = { icmp: 200 + i };
      targets.push(target(`s${i}`));
    }
    answers.tcpOnly = { tcp: 30 };
    targets.push(target('tcpOnly', [443]));
    targets.push(target('silent', [443]));
    targets.push(target('unresolvable.example'));
    const { network, log } = fakeNetwork(clock, answers);
    const meter = new LatencyMeter(network, clock, { concurrency: 4, spacingMs: 100, timeoutMs: 1500 });
    const results = await run(meter, clock, targets);

    expect(log.maxActive).toBeLessThanOrEqual(4);
    const gaps = log.starts.slice(1).map((t, i) => t - (log.starts[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
    expect(results.get('s3')).toEqual({ ms: 203, method: 'icmp' });
    expect(results.get('tcpOnly')).toEqual({ ms: 30, method: 'tcp' });
    expect(log.tcpTried).toEqual(['tcpOnly:443', 'silent:443']);
    // No answer is null, never 0.
    expect(results.get('silent')).toBeNull();
    expect(results.get('unresolvable.example')).toBeNull();
  });

  it('stops starting new measurements once aborted', async () => {
    const clock = new FakeClock(0);
    const { network, log } = fakeNetwork(clock, { a: { icmp: 10 }, b: { icmp: 10 }, c: { icmp: 10 } });
    const meter = new LatencyMeter(network, clock, { concurrency: 1, spacingMs: 100 });
    const controller = new AbortController();
    const done = meter.measure([target('a'), target('b'), target('c')], () => controller.abort(), controller.signal);
    await clock.advance(1000);
    expect((await done).map((r) => r.key)).toEqual(['a']);
    expect(log.starts).toHaveLength(1);
  });
});

describe('parsePingTime', () => {
  it('reads the round trip from ping, or nothing', () => {
    expect(parsePingTime('64 bytes from 192.0.2.1: icmp_seq=1 ttl=57 time=12.4 ms')).toBe(12.4);
    expect(parsePingTime('64 bytes from ::1: icmp_seq=1 ttl=64 time<1 ms')).toBe(1);
    expect(parsePingTime('1 packets transmitted, 0 received')).toBeNull();
  });
});
