import { countryNameIn } from './place-names';

let codes: string[] | null = null;

/** Every two-letter region code the runtime has a name for (ISO 3166-1 and a few like XK), built once. */
export function knownCountryCodes(): readonly string[] {
  if (codes) return codes;
  const found: string[] = [];
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a += 1) {
    for (let b = 65; b <= 90; b += 1) {
      const code = String.fromCharCode(a, b);
      // Groupings and private-use codes (EU, UN, QO, ZZ...) are not places a server can be.
      if (/^(EU|EZ|UN|Q[M-Z]|X[A-JL-Z]|ZZ)$/.test(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code) found.push(code);
    }
  }
  codes = found;
  return codes;
}

/** The codes as choices for a select, by name in the window's language. */
export function countryChoices(language: string): { code: string; name: string }[] {
  const collator = new Intl.Collator(language);
  return knownCountryCodes()
    .map((code) => ({ code, name: countryNameIn(code, language) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
