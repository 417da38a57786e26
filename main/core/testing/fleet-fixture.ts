import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { allCities } from '../../../preload/places/places';
import { wireGuardPublicKey } from '../profiles/wireguard-key';

/**
 * A provider bundle as Mullvad ships one: `se-got-wg-001.conf`, one WireGuard file per server, spread over
 * the cities of the table. For tests and benchmarks; addresses are in 198.18.0.0/15 (benchmarking range).
 */
export interface FleetFile {
  name: string;
  text: string;
}

export function fleetFiles(count: number, options: { keySeed?: string; endpointOffset?: number } = {}): FleetFile[] {
  const cities = allCities();
  const files: FleetFile[] = [];
  const peerKey = wireGuardPublicKey(randomBytes(32).toString('base64'));
  for (let i = 0; i < count; i += 1) {
    const city = cities[i % cities.length] as (typeof cities)[number];
    const n = Math.floor(i / cities.length) + 1;
    const name = `${city.country.toLowerCase()}-${city.code.toLowerCase()}-wg-${String(n).padStart(3, '0')}.conf`;
    const host = i + (options.endpointOffset ?? 0);
    const ip = `198.${18 + Math.floor(host / 65536)}.${Math.floor(host / 256) % 256}.${host % 256}`;
    const privateKey = randomBytes(32).toString('base64');
    files.push({
      name,
      text:
        `[Interface]\nPrivateKey = ${privateKey}\nAddress = 10.64.${Math.floor(i / 250) % 256}.${(i % 250) + 2}/32\n` +
        `DNS = 10.64.0.1\n\n[Peer]\nPublicKey = ${peerKey}\nAllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = ${ip}:51820\n`,
    });
  }
  return files;
}

/** The files as one zip archive, the way a provider's download page hands them out. */
export function fleetZip(files: readonly FleetFile[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((f) => [f.name, strToU8(f.text)])), { level: 6 });
}
