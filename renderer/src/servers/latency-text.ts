import type { TFunction } from 'i18next';
import type { ServerLatency } from './picker-entry';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** "3 minutes ago", "yesterday", "now": a latency's age says how much it still means. */
export function ageText(iso: string, language: string, now: number = Date.now()): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    relativeFormats.set(language, format);
  }
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, 'second');
}

/** The short figure for a row ("42 ms"), or "Not measured" — an unknown latency is never shown as 0. */
export function latencyShort(t: TFunction, latency: ServerLatency | null): string {
  return latency ? t('picker.latency.value', { ms: Math.round(latency.ms) }) : t('picker.latency.notMeasured');
}

/** The figure with how and when it was measured: "42 ms, handshake, 3 minutes ago". */
export function latencyFull(t: TFunction, latency: ServerLatency | null, language: string, now?: number): string {
  if (!latency) return t('picker.latency.notMeasured');
  return t('picker.latency.full', {
    ms: Math.round(latency.ms),
    method: t(`picker.latency.method.${latency.method}`),
    age: ageText(latency.measuredAt, language, now),
  });
}

export type ServerStanding = 'blocked' | 'cooling' | 'worked';

/** The one word for a server's state on this network, worst first; null when nothing was learned here. */
export function standingOf(state: {
  blockedUntil: string | null;
  coolingUntil: string | null;
  lastWorkedAt: string | null;
}): { standing: ServerStanding; at: string } | null {
  if (state.blockedUntil) return { standing: 'blocked', at: state.blockedUntil };
  if (state.coolingUntil) return { standing: 'cooling', at: state.coolingUntil };
  if (state.lastWorkedAt) return { standing: 'worked', at: state.lastWorkedAt };
  return null;
}
