/**
 * Decides from counters and probe answers whether a tunnel still carries data. Pure: the controller
 * feeds it samples and probe results with timestamps and acts on the verdict, so every timing rule is
 * unit-tested with plain numbers.
 *
 * Why counters and probes: censors let handshakes through and freeze data afterwards, and a UDP tunnel
 * never "closes". The one honest signal is an answer coming back through the tunnel.
 */
export interface HealthTimings {
  /** tx grew while rx did not for this long: start probing. */
  suspectAfterMs: number;
  /** Probes keep failing (and nothing comes back) for this long after suspicion: dead. */
  deadAfterMs: number;
  /** Probe this often while suspicious. */
  probeEveryMs: number;
  /** Probe an idle tunnel this often, so a dead idle tunnel is found before the user needs it. */
  idleProbeEveryMs: number;
  /** A gap this long between samples means the machine slept: re-check, don't blame the server. */
  sleepGapMs: number;
  /** A WireGuard handshake older than this is certainly dead (the protocol re-keys every 2 minutes). */
  handshakeDeadMs: number;
}

export const BALANCED_TIMINGS: HealthTimings = {
  suspectAfterMs: 800,
  deadAfterMs: 1700,
  probeEveryMs: 500,
  idleProbeEveryMs: 10_000,
  sleepGapMs: 6000,
  handshakeDeadMs: 180_000,
};

export interface CounterSample {
  at: number;
  rxBytes: number;
  txBytes: number;
  handshakeAgeMs?: number | null;
}

export type HealthVerdict =
  | { kind: 'healthy' }
  | { kind: 'suspect'; since: number }
  | { kind: 'slept'; gapMs: number }
  | { kind: 'dead'; reason: string; detectedAfterMs: number };

export class HealthMonitor {
  private last: CounterSample | null = null;
  /** Last moment we had evidence that data came back through the tunnel. */
  private lastEvidenceAt: number;
  private suspectSince: number | null = null;
  private lastProbeSentAt = Number.NEGATIVE_INFINITY;
  private dead: HealthVerdict | null = null;

  constructor(
    private readonly timings: HealthTimings,
    startedAt: number,
  ) {
    this.lastEvidenceAt = startedAt;
  }

  observe(sample: CounterSample): HealthVerdict {
    if (this.dead) return this.dead;
    const previous = this.last;
    this.last = sample;
    if (previous && sample.at - previous.at >= this.timings.sleepGapMs) {
      // After sleep every timer is stale: start over and let a probe decide.
      this.lastEvidenceAt = sample.at;
      this.suspectSince = sample.at;
      this.lastProbeSentAt = Number.NEGATIVE_INFINITY;
      return { kind: 'slept', gapMs: sample.at - previous.at };
    }
    if (sample.handshakeAgeMs != null && sample.handshakeAgeMs > this.timings.handshakeDeadMs) {
      return this.declareDead(`no handshake for ${Math.round(sample.handshakeAgeMs / 1000)} s`, sample.at);
    }
    if (previous && sample.rxBytes > previous.rxBytes) {
      this.lastEvidenceAt = sample.at;
      this.suspectSince = null;
    } else if (previous && sample.txBytes > previous.txBytes && this.suspectSince === null) {
      if (sample.at - this.lastEvidenceAt >= this.timings.suspectAfterMs) this.suspectSince = sample.at;
    } else if (this.suspectSince === null && sample.at - this.lastEvidenceAt >= this.timings.idleProbeEveryMs) {
      // Idle: nothing sent, nothing received. Check quietly rather than assume.
      this.suspectSince = sample.at;
    }
    return this.evaluate(sample.at);
  }

  /** Whether the controller should send a probe now. */
  shouldProbe(now: number): boolean {
    if (this.dead || this.suspectSince === null) return false;
    return now - this.lastProbeSentAt >= this.timings.probeEveryMs;
  }

  probeSent(now: number): void {
    this.lastProbeSentAt = now;
  }

  probeAnswered(ok: boolean, now: number): HealthVerdict {
    if (this.dead) return this.dead;
    if (ok) {
      this.lastEvidenceAt = now;
      this.suspectSince = null;
      return { kind: 'healthy' };
    }
    return this.evaluate(now);
  }

  /** Call on every tick, even without a new sample, so that death is declared on time. */
  evaluate(now: number): HealthVerdict {
    if (this.dead) return this.dead;
    if (this.suspectSince === null) return { kind: 'healthy' };
    if (now - this.suspectSince >= this.timings.deadAfterMs) {
      return this.declareDead(
        `no answer through the tunnel for ${((now - this.lastEvidenceAt) / 1000).toFixed(1)} s`,
        now,
      );
    }
    return { kind: 'suspect', since: this.suspectSince };
  }

  private declareDead(reason: string, now: number): HealthVerdict {
    this.dead = { kind: 'dead', reason, detectedAfterMs: now - this.lastEvidenceAt };
    return this.dead;
  }
}
