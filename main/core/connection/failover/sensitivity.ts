import { BALANCED_TIMINGS, type HealthTimings } from '../health-monitor';
import { failoverMessage, seconds, type FailoverMessage } from './messages';

/**
 * How quickly Holdfast gives up on a server. Fast suits people who notice every second (calls, games);
 * patient suits flaky mobile links where a few seconds of silence is normal. The settings view shows the
 * actual figures, so the words never hide what they mean.
 */
export const SENSITIVITIES = ['fast', 'balanced', 'patient'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export interface SensitivityPreset {
  id: Sensitivity;
  health: HealthTimings;
  /** How long a new candidate gets to prove it carries data during failover. */
  attemptTimeoutMs: number;
  /** How long a race winner waits for a still-running candidate of a preferred protocol (see race.ts). */
  preferGraceMs: number;
  /** Roughly when a dead tunnel is declared once traffic stops answering: suspicion plus probing. */
  detectBusyMs: number;
  /** The same for an idle tunnel, which is only checked every idleProbeEveryMs. */
  detectIdleMs: number;
  summary: FailoverMessage;
}

const TIMINGS: Record<Sensitivity, { health: HealthTimings; attemptTimeoutMs: number; preferGraceMs: number }> = {
  fast: {
    health: {
      suspectAfterMs: 400,
      deadAfterMs: 900,
      probeEveryMs: 300,
      idleProbeEveryMs: 5000,
      sleepGapMs: 6000,
      handshakeDeadMs: 180_000,
    },
    attemptTimeoutMs: 4000,
    preferGraceMs: 500,
  },
  balanced: { health: { ...BALANCED_TIMINGS }, attemptTimeoutMs: 6000, preferGraceMs: 800 },
  patient: {
    health: {
      suspectAfterMs: 3000,
      deadAfterMs: 6000,
      probeEveryMs: 1000,
      idleProbeEveryMs: 30_000,
      sleepGapMs: 10_000,
      handshakeDeadMs: 180_000,
    },
    attemptTimeoutMs: 12_000,
    preferGraceMs: 1500,
  },
};

export function sensitivityPreset(id: Sensitivity): SensitivityPreset {
  const { health, attemptTimeoutMs, preferGraceMs } = TIMINGS[id] ?? TIMINGS.balanced;
  const detectBusyMs = health.suspectAfterMs + health.deadAfterMs;
  const detectIdleMs = health.idleProbeEveryMs + health.deadAfterMs;
  return {
    id,
    health: { ...health },
    attemptTimeoutMs,
    preferGraceMs,
    detectBusyMs,
    detectIdleMs,
    summary: failoverMessage('failover.sensitivity', {
      preset: id,
      busySeconds: seconds(detectBusyMs),
      idleSeconds: seconds(detectIdleMs),
      attemptSeconds: seconds(attemptTimeoutMs),
    }),
  };
}

export function allSensitivityPresets(): SensitivityPreset[] {
  return SENSITIVITIES.map(sensitivityPreset);
}

/**
 * Timings while a proven hot standby waits. Declaring a tunnel dead then costs one switch to a tunnel that
 * already carries data, not a race into the unknown, so the user who opted in for speed gets quicker verdicts;
 * never slower than the preset itself.
 */
export const STANDBY_TIMINGS = { suspectAfterMs: 300, deadAfterMs: 600, probeEveryMs: 300 } as const;

export function withStandby(health: HealthTimings): HealthTimings {
  return {
    ...health,
    suspectAfterMs: Math.min(health.suspectAfterMs, STANDBY_TIMINGS.suspectAfterMs),
    deadAfterMs: Math.min(health.deadAfterMs, STANDBY_TIMINGS.deadAfterMs),
    probeEveryMs: Math.min(health.probeEveryMs, STANDBY_TIMINGS.probeEveryMs),
  };
}
