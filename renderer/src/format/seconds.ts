/**
 * Seconds for incident figures: one decimal below ten ("3.1"), whole above ("47"), as the engine's own
 * notifications write them, in the user's number format.
 */
export function formatSeconds(ms: number, locale: string): string {
  const s = Math.max(0, ms) / 1000;
  const digits = s < 10 ? 1 : 0;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    digits === 1 ? Math.round(s * 10) / 10 : Math.round(s),
  );
}
