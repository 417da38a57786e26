import { CITY_TABLE } from './city-table';

/**
 * Countries and cities by code and by name, in English and Simplified Chinese, for the core (guessing where a
 * server is, connecting by place) and the window (the picker's tree and search). Pure and browser-safe: no
 * Node, no Electron; country names come from the platform's Intl data, cities from city-table.ts.
 */
export interface CityInfo {
  /** Upper-case code from the table ("TYO"). */
  code: string;
  /** ISO 3166-1 alpha-2 of the city's country. */
  country: string;
  en: string;
  zh: string;
}

export interface Place {
  country: string;
  city: CityInfo | null;
}

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

/** Codes providers write that ISO spells otherwise. */
const CODE_ALIASES: Record<string, string> = { UK: 'GB' };

/** Names providers and people use that Intl's names do not cover (all compared normalized). */
const NAME_ALIASES: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  america: 'US',
  us: 'US',
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'south korea': 'KR',
  korea: 'KR',
  'republic of korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'russian federation': 'RU',
  uae: 'AE',
  emirates: 'AE',
  holland: 'NL',
  netherlands: 'NL',
  'the netherlands': 'NL',
  czechia: 'CZ',
  'czech republic': 'CZ',
  vietnam: 'VN',
  'viet nam': 'VN',
  taiwan: 'TW',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  turkey: 'TR',
  turkiye: 'TR',
  'bosnia and herzegovina': 'BA',
  bosnia: 'BA',
  'north macedonia': 'MK',
  macedonia: 'MK',
  'ivory coast': 'CI',
  moldova: 'MD',
  'isle of man': 'IM',
  美国: 'US',
  英国: 'GB',
  韩国: 'KR',
  南韩: 'KR',
  台湾: 'TW',
  香港: 'HK',
  澳门: 'MO',
  俄国: 'RU',
  越南: 'VN',
};

/** Upper-case ISO 3166-1 alpha-2 for a code a user or provider gave ("jp", "uk"), or null. */
export function normalizeCountryCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const upper = value.trim().toUpperCase();
  const code = CODE_ALIASES[upper] ?? upper;
  return ISO_CODES.has(code) ? code : null;
}

export function isCountryCode(value: string): boolean {
  return ISO_CODES.has(value.toUpperCase());
}

/** Lower case, accents dropped, separators to single spaces: "São-Paulo" and "sao paulo" compare equal. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-.,/()'’]+/g, ' ')
    .trim();
}

let displayNames: { en: Intl.DisplayNames; zh: Intl.DisplayNames } | null | undefined;

function names(): { en: Intl.DisplayNames; zh: Intl.DisplayNames } | null {
  if (displayNames === undefined) {
    try {
      displayNames = {
        en: new Intl.DisplayNames(['en'], { type: 'region' }),
        zh: new Intl.DisplayNames(['zh-Hans'], { type: 'region' }),
      };
    } catch {
      displayNames = null;
    }
  }
  return displayNames;
}

const countryNameCache = new Map<string, { en: string; zh: string }>();

/** The country's name in English and Simplified Chinese ("JP" -> Japan, 日本); the code when unknown. */
export function countryNames(code: string): { en: string; zh: string } {
  const upper = code.toUpperCase();
  let cached = countryNameCache.get(upper);
  if (!cached) {
    const dn = names();
    const of = (d: Intl.DisplayNames | undefined): string => {
      try {
        return d?.of(upper) ?? upper;
      } catch {
        return upper;
      }
    };
    cached = { en: of(dn?.en), zh: of(dn?.zh) };
    countryNameCache.set(upper, cached);
  }
  return cached;
}

interface Index {
  /** `CC:code` -> city, for main codes and every alias code. */
  byCountryCode: Map<string, CityInfo>;
  /** code -> cities (a code alone can be ambiguous across countries). */
  byCode: Map<string, CityInfo[]>;
  /** normalized English or Chinese name -> cities. */
  byName: Map<string, CityInfo[]>;
  /** normalized country name (English, Chinese, aliases) -> ISO code. */
  countryByName: Map<string, string>;
  cities: CityInfo[];
}

let index: Index | undefined;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function buildIndex(): Index {
  const byCountryCode = new Map<string, CityInfo>();
  const byCode = new Map<string, CityInfo[]>();
  const byName = new Map<string, CityInfo[]>();
  const cities: CityInfo[] = [];
  for (const line of CITY_TABLE.split('\n')) {
    const [code, country, en, zh, extra = ''] = line.split('|');
    if (!code || !country || !en || !zh) continue;
    const city: CityInfo = { code, country, en, zh };
    cities.push(city);
    const lowerCode = code.toLowerCase();
    byCountryCode.set(`${country}:${lowerCode}`, city);
    push(byCode, lowerCode, city);
    push(byName, normalizeText(en), city);
    push(byName, zh, city);
    for (const alias of extra
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)) {
      if (/^[a-z]{2,3}\d?$/.test(alias)) {
        if (!byCountryCode.has(`${country}:${alias}`)) byCountryCode.set(`${country}:${alias}`, city);
        push(byCode, alias, city);
      } else {
        push(byName, normalizeText(alias), city);
      }
    }
  }
  const countryByName = new Map<string, string>();
  for (const code of ISO_CODES) {
    const n = countryNames(code);
    countryByName.set(normalizeText(n.en), code);
    countryByName.set(n.zh, code);
  }
  for (const [alias, code] of Object.entries(NAME_ALIASES)) countryByName.set(normalizeText(alias), code);
  return { byCountryCode, byCode, byName, countryByName, cities };
}

function idx(): Index {
  index ??= buildIndex();
  return index;
}

/** Every city of the table, in table order (by country, then size). */
export function allCities(): readonly CityInfo[] {
  return idx().cities;
}

/** A city by its code within a country ("JP", "tok" -> Tokyo), or null. */
export function cityInCountry(country: string, code: string): CityInfo | null {
  return idx().byCountryCode.get(`${country.toUpperCase()}:${code.toLowerCase()}`) ?? null;
}

/** A city by its table code alone ("TYO"), when the code names exactly one city. */
export function cityByCode(code: string): CityInfo | null {
  const list = idx().byCode.get(code.toLowerCase());
  return list && list.length === 1 ? (list[0] ?? null) : null;
}

/** Cities with this name in English or Chinese ("san jose" is in the US and in Costa Rica). */
export function citiesNamed(name: string): readonly CityInfo[] {
  const key = /\p{Script=Han}/u.test(name) ? name.trim() : normalizeText(name);
  return idx().byName.get(key) ?? [];
}

/** A country by its English or Chinese name or a common alias ("japan", "日本", "usa"), or null. */
export function countryNamed(name: string): string | null {
  const key = /\p{Script=Han}/u.test(name) ? name.trim() : normalizeText(name);
  return idx().countryByName.get(key) ?? null;
}

/**
 * What a person typed to mean a place: an ISO code ("se"), a city code ("tyo"), a country name or a city name
 * in English or Chinese ("Japan", "东京"). Country codes win over city codes ("sea" is Seattle; "se" is Sweden).
 * Null when it names no place; a city name shared by several countries resolves to the first in the table.
 */
export function resolvePlace(text: string): Place | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = normalizeCountryCode(trimmed);
    if (code) return { country: code, city: null };
  }
  const country = countryNamed(trimmed);
  if (country) return { country, city: null };
  const named = citiesNamed(trimmed)[0];
  if (named) return { country: named.country, city: named };
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const byCode = idx().byCode.get(trimmed.toLowerCase())?.[0];
    if (byCode) return { country: byCode.country, city: byCode };
  }
  return null;
}
