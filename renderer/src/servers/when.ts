import { countryNameIn } from './place-names';

/**
 * "14:05" for a time today, "3 Jan, 14:05" otherwise, in the user's language. Server states are about the
 * current network and change within minutes to hours, so the clock time says more than a duration would.
 */
export function formatWhen(iso: string, language: string, now: number = Date.now()): string {
  const at = new Date(iso);
  const sameDay = new Date(now).toDateString() === at.toDateString();
  return dateFormat(language, sameDay).format(at);
}

// A formatter costs far more to build than to use, and a long server list formats many times per frame.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: string, sameDay: boolean): Intl.DateTimeFormat {
  const key = `${language}|${sameDay}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = sameDay
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
    format = new Intl.DateTimeFormat(language, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** "Japan" / "日本" for "JP"; the code itself where the runtime has no names. */
export function countryName(code: string, language: string): string {
  return countryNameIn(code, language);
}
