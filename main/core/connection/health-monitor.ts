/**
 * Decides from counters and probe answers whether a tunnel still carries data. Pure: the controller
 * feeds it samples and probe results with timestamps and acts on the verdict, so every timing rule is
 * unit-tested with plain numbers.
 *
 * Why counters and probes: censors let handshakes through and freeze data afterwards, and a UDP tunnel
 * never "closes". The one honest signal is an answer coming back through the tunnel. One shortcut: when
 * we are sending, nothing comes back, and the network meanwhile reports a destination unreachable (a
 * killed server's kernel answers "port unreachable"), there is nothing left to wait for.
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
  /**
   * Bytes sent since data last came back before sending counts as suspicious (0 when absent). Zero where a
   * probe can settle the question; more where nothing can be asked, because a link that just came up sends
   * traffic of its own that nobody answers (the kernel's IPv6 router solicitations, 48 bytes at 0, 4 and 12 s)
   * and that alone must not read as a dead server.
   */
  unansweredTxBytes?: number;
}

export const BALANCED_TIMINGS: HealthTimings = {
  suspectAfterMs: 600,
  deadAfterMs: 1300,
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
  /** ICMP destination-unreachable messages received so far on this machine (LinkSignals), if known. */
  unreachables?: number | null;
}

export type HealthVerdict =
  | { kind: 'healthy' }
  | { kind: 'suspect'; since: number }
  | { kind: 'slept'; gapMs: number }
  | { kind: 'dead'; cause: DeathCause; reason: string; detectedAfterMs: number };

/** Silence under probing, a stale WireGuard handshake, or the network reporting the server unreachable. */
export type DeathCause = 'silence' | 'handshake' | 'unreachable';

export class HealthMonitor {
  private last: CounterSample | null = null;
  /** Last moment we had evidence that data came back through the tunnel. */
  private lastEvidenceAt: number;
  private suspectSince: number | null = null;
  /** Suspicion came from sending without answers (not from an idle check). */
  private suspectBusy = false;
  /** The unreachable counter when data last came back: a rise since then is news. */
  private unreachablesAtEvidence: number | null = null;
  /** Bytes sent when data last came back (null: the next sample sets it). */
  private txAtEvidence: number | null = null;
  private lastProbeSentAt = Number.NEGATIVE_INFINITY;
  private dead: HealthVerdict | null = null;

  /** Read on every decision: the controller may tighten them while a proven standby waits (see sensitivity.ts). */
  private readonly currentTimings: () => HealthTimings;

  constructor(timings: HealthTimings | (() => HealthTimings), startedAt: number) {
    this.currentTimings = typeof timings === 'function' ? timings : () => timings;
    this.lastEvidenceAt = startedAt;
  }

  private get timings(): HealthTimings {
    return this.currentTimings();
  }

  observe(sample: CounterSample): HealthVerdict {
    if (this.dead) return this.dead;
    const previous = this.last;
    this.last = sample;
    if (previous && sample.at - previous.at >= this.timings.sleepGapMs) {
      // After sleep every timer is stale: start over and let a probe decide.
      this.lastEvidenceAt = sample.at;
      this.suspectSince = sample.at;
      this.suspectBusy = false;
      this.unreachablesAtEvidence = sample.unreachables ?? null;
      this.txAtEvidence = sample.txBytes;
      this.lastProbeSentAt = Number.NEGATIVE_INFINITY;
      return { kind: 'slept', gapMs: sample.at - previous.at };
    }
    if (sample.handshakeAgeMs != null && sample.handshakeAgeMs > this.timings.handshakeDeadMs) {
      return this.declareDead('handshake', `no handshake for ${Math.round(sample.handshakeAgeMs / 1000)} s`, sample.at);
    }
    // No baseline yet (first sample, or a probe answered since): this sample is the baseline.
    this.unreachablesAtEvidence ??= sample.unreachables ?? null;
    this.txAtEvidence ??= previous?.txBytes ?? sample.txBytes;
    const unanswered = sample.txBytes - this.txAtEvidence;
    if (!previous) {
      // Nothing to compare with yet.
    } else if (sample.rxBytes > previous.rxBytes) {
      this.lastEvidenceAt = sample.at;
      this.suspectSince = null;
      this.suspectBusy = false;
      this.unreachablesAtEvidence = sample.unreachables ?? null;
      this.txAtEvidence = sample.txBytes;
    } else if (
      sample.txBytes > previous.txBytes &&
      unanswered >= (this.timings.unansweredTxBytes ?? 0) &&
      (this.suspectSince === null || !this.suspectBusy)
    ) {
      if (sample.at - this.lastEvidenceAt >= this.timings.suspectAfterMs) {
        this.suspectSince ??= sample.at;
        this.suspectBusy = true;
      }
    } else if (this.suspectSince === null && sample.at - this.lastEvidenceAt >= this.timings.idleProbeEveryMs) {
      // Idle: nothing sent, nothing received. Check quietly rather than assume.
      this.suspectSince = sample.at;
      this.suspectBusy = false;
    }
    if (this.suspectBusy && this.suspectSince !== null && this.refusedSinceEvidence(sample)) {
      const silent = ((sample.at - this.lastEvidenceAt) / 1000).toFixed(1);
      return this.declareDead(
        'unreachable',
        `the network reports the server unreachable; nothing came back for ${silent} s`,
        sample.at,
      );
    }
    return this.evaluate(sample.at);
  }

  private refusedSinceEvidence(sample: CounterSample): boolean {
    const before = this.unreachablesAtEvidence;
    return before !== null && sample.unreachables != null && sample.unreachables > before;
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
      this.suspectBusy = false;
      // Whatever the network reported before this answer is old news: the next sample sets a new baseline.
      this.unreachablesAtEvidence = null;
      this.txAtEvidence = null;
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
        'silence',
        `no answer through the tunnel for ${((now - this.lastEvidenceAt) / 1000).toFixed(1)} s`,
        now,
      );
    }
    return { kind: 'suspect', since: this.suspectSince };
  }

  private declareDead(cause: DeathCause, reason: string, now: number): HealthVerdict {
    this.dead = { kind: 'dead', cause, reason, detectedAfterMs: now - this.lastEvidenceAt };
    return this.dead;
  }
}
