import type { AttemptRecord, IncidentRecord, RoundVerdict } from '../../../main/core/connection/failover/incidents';

export type IncidentStatus = 'resolved' | 'trying' | 'needs-user' | 'stopped';

export function incidentStatus(incident: IncidentRecord): IncidentStatus {
  if (incident.ending === 'landed' || incident.resolved) return 'resolved';
  if (incident.ending === 'needs-user') return 'needs-user';
  if (incident.ending === 'stopped') return 'stopped';
  return 'trying';
}

export interface RoundView {
  round: number;
  verdict: RoundVerdict | null;
  at: string | null;
  attempts: AttemptRecord[];
}

/**
 * Splits an incident's attempts for the timeline: the tunnel that was lost (round 0), each round of
 * candidates with its verdict, and the landing (shown as the last step, not as another attempt).
 */
export function incidentSteps(incident: IncidentRecord): {
  lost: AttemptRecord | null;
  rounds: RoundView[];
  landingFailures: AttemptRecord[];
} {
  const lost = incident.attempts.find((a) => a.outcome === 'lost') ?? null;
  const byRound = new Map<number, AttemptRecord[]>();
  const landingFailures: AttemptRecord[] = [];
  for (const attempt of incident.attempts) {
    if (attempt.outcome === 'lost' || attempt.outcome === 'landed') continue;
    if (attempt.outcome === 'landing-failed') {
      landingFailures.push(attempt);
      continue;
    }
    const list = byRound.get(attempt.round) ?? [];
    list.push(attempt);
    byRound.set(attempt.round, list);
  }
  // Rounds are numbered from 1 in the order the engine recorded their verdicts.
  const numbers = new Set<number>([...byRound.keys(), ...incident.rounds.map((_, i) => i + 1)]);
  const rounds = [...numbers]
    .filter((n) => n > 0)
    .sort((a, b) => a - b)
    .map((round) => ({
      round,
      verdict: incident.rounds[round - 1]?.verdict ?? null,
      at: incident.rounds[round - 1]?.at ?? null,
      attempts: byRound.get(round) ?? [],
    }));
  return { lost, rounds, landingFailures };
}

/** "Osaka 2 · TCP 443". */
export function candidateLabel(candidate: { serverName: string; transportLabel: string }): string {
  return `${candidate.serverName} · ${candidate.transportLabel}`;
}
