import {
  citiesNamed,
  cityInCountry,
  countryNamed,
  normalizeCountryCode,
  type CityInfo,
} from '../../../../preload/places/places';

/**
 * Where a server probably is, read from how providers name files and hosts:
 *   Mullvad   se-got-wg-001.conf, se-got-wg-001.relays.mullvad.net     -> SE, Gothenburg
 *   Proton    jp-free-01.protonvpn.udp.ovpn; Secure Core ch-jp-01...   -> JP (the exit, not the entry)
 *   IVPN      jp-tok1.wg.ivpn.net; Surfshark jp-tok.prod.surfshark.com -> JP, Tokyo
 *   NordVPN   jp123.nordvpn.com.udp.ovpn                                -> JP
 *   PIA       japan.ovpn, uk_london.ovpn; ExpressVPN my_expressvpn_japan_-_tokyo_udp.ovpn
 *   AirVPN    AirVPN_JP-Tokyo_Alphard_UDP-443.ovpn; Windscribe Windscribe-Tokyo-Sushi.ovpn
 * A leading country code, else a country name anywhere; then a city code right after the country, else a
 * city name anywhere (which also gives the country). The file name speaks first, the host fills gaps; an IP
 * address says nothing. A user's choice always wins over the guess (ServerCatalog applies it).
 * Known limit: a file that happens to start with a code-like word ("my-vpn.conf") is read as that country.
 */
export interface PlaceGuess {
  country: string | null;
  city: CityInfo | null;
}

/** Words that name the provider, the protocol or the file type, never a place. Only removed whole. */
const NOISE = new Set([
  'airvpn',
  'windscribe',
  'mullvad',
  'protonvpn',
  'proton',
  'nordvpn',
  'surfshark',
  'ivpn',
  'pia',
  'privateinternetaccess',
  'expressvpn',
  'torguard',
  'cyberghost',
  'vyprvpn',
  'purevpn',
  'ipvanish',
  'hidemyass',
  'node',
  'wg',
  'wireguard',
  'openvpn',
  'ovpn',
  'conf',
  'udp',
  'tcp',
  'com',
  'net',
  'org',
  'io',
  'prod',
  'relays',
  'relay',
  'gw',
  'free',
  'plus',
  'secure',
  'core',
  'p2p',
  'server',
  'servers',
  'vpn',
  'config',
  'strong',
  'entry',
]);

/** Proton's Secure Core enters through these and exits elsewhere: `ch-jp-01` is a Japanese server. */
const SECURE_CORE_ENTRIES = new Set(['CH', 'SE', 'IS']);

function tokens(name: string): string[] {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  // ExpressVPN prefixes every file with "my_expressvpn_": "my" there is not Malaysia.
  if (words[0] === 'my' && words[1] === 'expressvpn') words.shift();
  return words.filter((w) => !NOISE.has(w) && !/^(udp|tcp)\d+$/.test(w) && !/^entry\d+$/.test(w));
}

function fromTokens(words: string[]): PlaceGuess {
  let country: string | null = null;
  let cityCodeAt = -1;
  const first = words[0] ?? '';
  const lead = /^([a-z]{2})\d*$/.exec(first);
  if (lead?.[1]) {
    country = normalizeCountryCode(lead[1]);
    if (country) {
      cityCodeAt = 1;
      const second = words[1] ?? '';
      const exit = /^[a-z]{2}$/.test(second) ? normalizeCountryCode(second) : null;
      if (exit && exit !== country && SECURE_CORE_ENTRIES.has(country) && /^\d+$/.test(words[2] ?? '')) {
        country = exit;
        cityCodeAt = 2;
      }
    }
  }
  if (!country) {
    const named = scan(words, (phrase) => countryNamed(phrase));
    if (named) country = named.value;
  }
  let city: CityInfo | null = null;
  if (country && cityCodeAt >= 0) {
    const code = /^([a-z]{3})\d*$/.exec(words[cityCodeAt] ?? '')?.[1];
    if (code) city = cityInCountry(country, code);
  }
  if (!city) {
    const inCountry = (phrase: string): CityInfo | null => {
      const found = citiesNamed(phrase);
      return (country ? found.find((c) => c.country === country) : found[0]) ?? null;
    };
    city = scan(words, inCountry)?.value ?? null;
    if (city && !country) country = city.country;
  }
  return { country, city };
}

/** The first phrase of one to three consecutive words (longest first) that `find` recognises. */
function scan<T>(words: string[], find: (phrase: string) => T | null): { value: T } | null {
  for (let i = 0; i < words.length; i += 1) {
    for (let n = Math.min(3, words.length - i); n >= 1; n -= 1) {
      const slice = words.slice(i, i + n);
      if (slice.some((w) => /^\d+$/.test(w))) continue;
      const phrase = slice.join(' ');
      // Two letters alone are codes, read only in the leading position; as names they misfire ("la", "me").
      if (phrase.length < 3) continue;
      const value = find(phrase);
      if (value !== null) return { value };
    }
  }
  return null;
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function baseName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(conf|ovpn)$/i, '');
}

function hostWords(host: string): string[] {
  // The registrable domain and the top-level domain never name a place ("mullvad.net", "co.uk").
  const labels = host.toLowerCase().split('.');
  return tokens(labels.slice(0, Math.max(1, labels.length - 2)).join('.'));
}

const cache = new Map<string, PlaceGuess>();
const CACHE_MAX = 50_000;

/** File name first, then the host; cached, since the catalog is rebuilt for every listing. */
export function guessPlace(sourceFile: string | undefined, host: string | undefined): PlaceGuess {
  const key = `${sourceFile ?? ''}\u0000${host ?? ''}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const fromFile = sourceFile ? fromTokens(tokens(baseName(sourceFile))) : { country: null, city: null };
  let result = fromFile;
  if (host && !isIpLiteral(host) && (!fromFile.country || !fromFile.city)) {
    const fromHost = fromTokens(hostWords(host));
    if (!fromFile.country) result = fromHost;
    else if (fromHost.country === fromFile.country && fromHost.city) result = { ...fromFile, city: fromHost.city };
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, result);
  return result;
}
