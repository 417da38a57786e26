import type { OpenVpnProfile, Profile } from '../../profiles/types';
import type { NegotiatedSecurity } from '../../tunnel/driver';
import { assessStrength, assessWireGuard, type StrengthAssessment } from './assess';
import { rateDataCipher, type DataCipherRating } from './data-cipher';
import { ratingRank } from './rating';
import { reason } from './reasons';

/** What OpenVPN 2.6 offers when a profile names no data ciphers. */
export const OPENVPN_DEFAULT_DATA_CIPHERS = ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'] as const;

/** Worse rating first; among equals the smaller key, then the lower security level. */
function isWeaker(a: DataCipherRating, b: DataCipherRating): boolean {
  const byRating = ratingRank(a.rating) - ratingRank(b.rating);
  if (byRating !== 0) return byRating > 0;
  if (a.keyBits !== b.keyBits) return a.keyBits < b.keyBits;
  return a.securityBits < b.securityBits;
}

export function allowedDataCiphers(profile: OpenVpnProfile): string[] {
  const listed = profile.dataCiphers.length > 0 ? profile.dataCiphers : [...OPENVPN_DEFAULT_DATA_CIPHERS];
  const all = profile.dataCiphersFallback ? [...listed, profile.dataCiphersFallback] : listed;
  const seen = new Set<string>();
  return all.filter((c) => {
    const key = c.trim().toUpperCase();
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function tlsWrapOf(profile: OpenVpnProfile): NegotiatedSecurity['tlsWrap'] {
  const names = new Set(profile.blocks.map((b) => b.name));
  if (names.has('tls-crypt-v2')) return 'tls-crypt-v2';
  if (names.has('tls-crypt')) return 'tls-crypt';
  if (names.has('tls-auth')) return 'tls-auth';
  return 'none';
}

function lastDirectiveArg(profile: OpenVpnProfile, name: string): string | undefined {
  const found = profile.directives.filter((d) => d.name === name).at(-1);
  return found?.args[0];
}

function expectOpenVpn(profile: OpenVpnProfile): StrengthAssessment {
  const allowed = allowedDataCiphers(profile);
  const rated = allowed.map((cipher) => rateDataCipher(cipher, profile.auth));
  let worst = rated[0];
  for (const candidate of rated) if (worst && isWeaker(candidate, worst)) worst = candidate;
  // tls-version-max below 1.2 caps what any server can negotiate: rate that version.
  const max = lastDirectiveArg(profile, 'tls-version-max');
  const security: NegotiatedSecurity = {
    protocol: 'openvpn',
    dataCipher: worst?.cipher,
    dataAuth: profile.auth,
    controlTlsVersion: max && Number(max) < 1.2 ? `TLSv${max}` : undefined,
    tlsWrap: tlsWrapOf(profile),
  };
  const assessment = assessStrength(security);
  const reasons = [reason('expected', 'info'), ...assessment.reasons.filter((r) => r.code !== 'control-not-reported')];
  if (rated.some((r) => r.cipher !== worst?.cipher)) {
    reasons.push(reason('allows-weaker', 'info', { ciphers: rated.map((r) => r.cipher).join(', ') }));
  }
  if (profile.dataCiphersFallback) {
    reasons.push(reason('fallback-cipher', 'info', { cipher: profile.dataCiphersFallback.toUpperCase() }));
  }
  return { ...assessment, reasons, expected: true };
}

/**
 * The strength model applied to what a profile allows, before connecting: for OpenVPN the weakest data
 * cipher the profile would accept (a server may choose it), for WireGuard its fixed suite.
 */
export function rateExpected(profile: Profile): StrengthAssessment {
  if (profile.kind === 'wireguard') {
    const psk = profile.peers.some((p) => p.presharedKey !== undefined);
    const assessment = assessWireGuard(psk);
    return { ...assessment, reasons: [reason('expected', 'info'), ...assessment.reasons], expected: true };
  }
  return expectOpenVpn(profile);
}
