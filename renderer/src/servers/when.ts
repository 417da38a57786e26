/**
 * "14:05" for a time today, "3 Jan, 14:05" otherwise, in the user's language. Server states are about the
 * current network and change within minutes to hours, so the clock time says more than a duration would.
 */
export function formatWhen(iso: string, language: string, now: number = Date.now()): string {
  const at = new Date(iso);
  const sameDay = new Date(now).toDateString() === at.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(language, options).format(at);
}

/** "Japan" / "日本" for "JP"; the code itself where the runtime has no names. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
