/**
 * Country names in both languages the window speaks, from the runtime's own tables (Intl.DisplayNames), so
 * `japan` and `日本` both find JP whatever language the window is in. Built once per code.
 */
const displayNames = new Map<string, Intl.DisplayNames | null>();
const cache = new Map<string, string>();

function namesFor(language: string): Intl.DisplayNames | null {
  let names = displayNames.get(language);
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
    displayNames.set(language, names);
  }
  return names;
}

/** "Japan" / "日本" for "JP"; the code itself where the runtime has no name for it. */
export function countryNameIn(code: string, language: string): string {
  const key = `${language}|${code}`;
  let name = cache.get(key);
  if (name === undefined) {
    try {
      name = namesFor(language)?.of(code.toUpperCase()) ?? code;
    } catch {
      name = code;
    }
    cache.set(key, name);
  }
  return name;
}

/** The languages whose names search always matches: English and Simplified Chinese. */
export const SEARCH_LANGUAGES = ['en', 'zh-CN'] as const;

/** Chinese UI languages show the Chinese city name; every other one the English. */
export function isChinese(language: string): boolean {
  return language.toLowerCase().startsWith('zh');
}
