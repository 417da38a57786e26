/**
 * A light guess of a server's country from how providers name things: "jp-tokyo-1.conf", "se-got-wg-001.conf",
 * "nl.protonvpn.udp.ovpn", "us12.example.net". Only a leading ISO 3166-1 code followed by a separator or a digit
 * counts, so "tokyo-1.conf" and "wg0.conf" give nothing. A user or provider field always wins over the guess.
 * Known limit: a file that happens to start with a code-like word ("my-vpn.conf") is read as that country.
 */
const ISO_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS ' +
    'MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS ' +
    'RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW ' +
    'TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);

/** Providers write "uk" where ISO says "GB". */
const ALIASES: Record<string, string> = { UK: 'GB' };

/** Upper-case ISO code for a user- or provider-given value, or null when it is not one. */
export function normalizeCountry(value: string | null | undefined): string | null {
  if (!value) return null;
  const upper = value.trim().toUpperCase();
  const code = ALIASES[upper] ?? upper;
  return ISO_CODES.has(code) ? code : null;
}

/** The leading country code of a file name or host name label, or null. */
export function leadingCountryCode(name: string): string | null {
  const base = (name.split(/[\\/]/).pop() ?? '').trim();
  const match = /^([a-z]{2})(?=$|[^a-z])/i.exec(base);
  return match?.[1] ? normalizeCountry(match[1]) : null;
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** File name first (providers name files by country), then the host's first label, never an IP address. */
export function guessCountry(sourceFile: string | undefined, host: string | undefined): string | null {
  const fromFile = sourceFile ? leadingCountryCode(sourceFile) : null;
  if (fromFile) return fromFile;
  if (host && !isIpLiteral(host)) return leadingCountryCode(host.split('.')[0] ?? '');
  return null;
}
