import { normalizeCountryCode } from '../../../../preload/places/places';
import { guessPlace } from './place-guess';

/**
 * A light guess of a server's country from how providers name things: "jp-tokyo-1.conf", "se-got-wg-001.conf",
 * "nl.protonvpn.udp.ovpn", "us12.example.net". Only a leading ISO 3166-1 code followed by a separator or a digit
 * counts, so "tokyo-1.conf" and "wg0.conf" give nothing. A user or provider field always wins over the guess.
 * Known limit: a file that happens to start with a code-like word ("my-vpn.conf") is read as that country.
 */
/** Upper-case ISO code for a user- or provider-given value ("uk" is GB), or null when it is not one. */
export const normalizeCountry = normalizeCountryCode;

/** The leading country code of a file name or host name label, or null. */
export function leadingCountryCode(name: string): string | null {
  const base = (name.split(/[\\/]/).pop() ?? '').trim();
  const match = /^([a-z]{2})(?=$|[^a-z])/i.exec(base);
  return match?.[1] ? normalizeCountry(match[1]) : null;
}

/** File name first (providers name files by country), then the host, never an IP address (place-guess.ts). */
export function guessCountry(sourceFile: string | undefined, host: string | undefined): string | null {
  return guessPlace(sourceFile, host).country;
}
