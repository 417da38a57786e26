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
  /** Roughly when a dead tunnel is declared once traffic stops answering: suspicion plus probing. */
  detectBusyMs: number;
  /** The same for an idle tunnel, which is only checked every idleProbeEveryMs. */
  detectIdleMs: number;
  summary: FailoverMessage;
}

const TIMINGS: Record<Sensitivity, { health: HealthTimings; attemptTimeoutMs: number }> = {
  fast: {
    health: {
      suspectAfterMs: 600,
      deadAfterMs: 1200,
      probeEveryMs: 300,
      idleProbeEveryMs: 5000,
      sleepGapMs: 6000,
      handshakeDeadMs: 180_000,
    },
    attemptTimeoutMs: 4000,
  },
  balanced: { health: { ...BALANCED_TIMINGS }, attemptTimeoutMs: 6000 },
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
  },
};

export function sensitivityPreset(id: Sensitivity): SensitivityPreset {
  const { health, attemptTimeoutMs } = TIMINGS[id] ?? TIMINGS.balanced;
  const detectBusyMs = health.suspectAfterMs + health.deadAfterMs;
  const detectIdleMs = health.idleProbeEveryMs + health.deadAfterMs;
  return {
    id,
    health: { ...health },
    attemptTimeoutMs,
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
