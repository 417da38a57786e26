import type { ServerEntry, ServerListing } from '../../../main/core/service/server-listing';
import type { PickerFields } from '../servers/picker-entry';

/** A listing entry with every field the picker reads; the patch wins. */
export function pickerEntry(patch: Partial<ServerEntry & PickerFields> & { key: string }): ServerEntry & PickerFields {
  const name = patch.name ?? patch.key;
  return {
    name,
    customName: false,
    automaticName: name,
    country: null,
    customCountry: false,
    city: null,
    customPlace: false,
    favourite: false,
    lastUsedAt: null,
    latency: null,
    hosts: [`${patch.key}.example.net`],
    transports: [
      {
        protocol: 'wireguard',
        proto: 'udp',
        port: 51820,
        label: 'WireGuard',
        coolingUntil: null,
        why: null,
        lastWorkedAt: null,
      },
    ],
    profiles: [{ id: `${patch.key}-profile`, name, assigned: false }],
    preferred: false,
    state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: null },
    ...patch,
  };
}

/** Places a provider fleet spreads over, with city names in both languages as the engine's table has them. */
export const FLEET_PLACES: { country: string; cities: { code: string; en: string; zh: string }[] }[] = [
  {
    country: 'JP',
    cities: [
      { code: 'TYO', en: 'Tokyo', zh: '东京' },
      { code: 'OSA', en: 'Osaka', zh: '大阪' },
    ],
  },
  {
    country: 'SE',
    cities: [
      { code: 'GOT', en: 'Gothenburg', zh: '哥德堡' },
      { code: 'STO', en: 'Stockholm', zh: '斯德哥尔摩' },
    ],
  },
  {
    country: 'US',
    cities: [
      { code: 'NYC', en: 'New York', zh: '纽约' },
      { code: 'LAX', en: 'Los Angeles', zh: '洛杉矶' },
      { code: 'CHI', en: 'Chicago', zh: '芝加哥' },
    ],
  },
  {
    country: 'DE',
    cities: [
      { code: 'FRA', en: 'Frankfurt', zh: '法兰克福' },
      { code: 'BER', en: 'Berlin', zh: '柏林' },
    ],
  },
  {
    country: 'GB',
    cities: [
      { code: 'LON', en: 'London', zh: '伦敦' },
      { code: 'MAN', en: 'Manchester', zh: '曼彻斯特' },
    ],
  },
  { country: 'NL', cities: [{ code: 'AMS', en: 'Amsterdam', zh: '阿姆斯特丹' }] },
  { country: 'SG', cities: [{ code: 'SIN', en: 'Singapore', zh: '新加坡' }] },
  { country: 'HK', cities: [{ code: 'HKG', en: 'Hong Kong', zh: '香港' }] },
  { country: 'FR', cities: [{ code: 'PAR', en: 'Paris', zh: '巴黎' }] },
  {
    country: 'CA',
    cities: [
      { code: 'TOR', en: 'Toronto', zh: '多伦多' },
      { code: 'VAN', en: 'Vancouver', zh: '温哥华' },
    ],
  },
  {
    country: 'AU',
    cities: [
      { code: 'SYD', en: 'Sydney', zh: '悉尼' },
      { code: 'MEL', en: 'Melbourne', zh: '墨尔本' },
    ],
  },
  { country: 'CH', cities: [{ code: 'ZRH', en: 'Zurich', zh: '苏黎世' }] },
  { country: 'KR', cities: [{ code: 'SEL', en: 'Seoul', zh: '首尔' }] },
  { country: 'TW', cities: [{ code: 'TPE', en: 'Taipei', zh: '台北' }] },
  { country: 'BR', cities: [{ code: 'SAO', en: 'São Paulo', zh: '圣保罗' }] },
  { country: 'IN', cities: [{ code: 'BOM', en: 'Mumbai', zh: '孟买' }] },
];

const METHODS = ['handshake', 'first-answer', 'icmp', 'tcp'] as const;

/**
 * `count` servers named like a Mullvad bundle (`jp-tyo-wg-001`), spread over FLEET_PLACES, with one in 50
 * that could not be placed ("Other"), one in three measured, a few favourites and a few used recently.
 * Deterministic: the same count gives the same fleet.
 */
export function fleetEntries(count: number, now = Date.parse('2030-01-01T12:00:00Z')): (ServerEntry & PickerFields)[] {
  const entries: (ServerEntry & PickerFields)[] = [];
  const perCity = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const place = FLEET_PLACES[i % FLEET_PLACES.length]!;
    const city = place.cities[Math.floor(i / FLEET_PLACES.length) % place.cities.length]!;
    const unplaced = i % 50 === 49;
    const cityKey = `${place.country}-${city.code}`;
    const n = (perCity.get(cityKey) ?? 0) + 1;
    perCity.set(cityKey, n);
    const kind = i % 4 === 3 ? 'ovpn' : 'wg';
    const key = unplaced
      ? `relay-${i}.vpn.example`
      : `${place.country.toLowerCase()}-${city.code.toLowerCase()}-${kind}-${String(n).padStart(3, '0')}`;
    entries.push(
      pickerEntry({
        key,
        name: key,
        country: unplaced ? null : place.country,
        city: unplaced ? null : city,
        favourite: i % 997 === 5,
        lastUsedAt: i % 1499 === 7 ? new Date(now - i * 1000).toISOString() : null,
        latency:
          i % 3 === 0
            ? {
                ms: 8 + ((i * 37) % 290),
                method: METHODS[i % METHODS.length]!,
                measuredAt: new Date(now - (i % 90) * 60_000).toISOString(),
              }
            : null,
        transports:
          kind === 'wg'
            ? [
                {
                  protocol: 'wireguard',
                  proto: 'udp',
                  port: 51820,
                  label: 'WireGuard',
                  coolingUntil: null,
                  why: null,
                  lastWorkedAt: null,
                },
              ]
            : [
                {
                  protocol: 'openvpn',
                  proto: 'udp',
                  port: 1194,
                  label: 'UDP 1194',
                  coolingUntil: null,
                  why: null,
                  lastWorkedAt: null,
                },
                {
                  protocol: 'openvpn',
                  proto: 'tcp',
                  port: 443,
                  label: 'TCP 443',
                  coolingUntil: null,
                  why: null,
                  lastWorkedAt: null,
                },
              ],
        state: {
          blockedUntil: i % 211 === 3 ? new Date(now + 3_600_000).toISOString() : null,
          coolingUntil: i % 173 === 4 ? new Date(now + 600_000).toISOString() : null,
          lastWorkedAt: i % 89 === 1 ? new Date(now - 7_200_000).toISOString() : null,
        },
      }),
    );
  }
  return entries;
}

export function fleetListing(count: number): ServerListing {
  return { servers: fleetEntries(count), preferredServer: null, preferredMissing: false };
}
