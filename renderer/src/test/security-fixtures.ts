/**
 * Security events and expected strengths made by the engine's own strength model, so renderer tests see
 * exactly the codes, parameters and part names the engine produces (and fail when those change).
 * Test-only: this file never reaches the bundle.
 */
/* eslint-disable @typescript-eslint/no-restricted-imports */
import { assessStrength, toSecurityEventFields } from '../../../main/core/security/strength';
/* eslint-enable @typescript-eslint/no-restricted-imports */
import type { SecurityEvent } from '../../../main/core/security/strength/security-event';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import type { NegotiatedSecurity } from '../../../main/core/tunnel/driver';

export const STRONG_OPENVPN: NegotiatedSecurity = {
  protocol: 'openvpn',
  dataCipher: 'AES-256-GCM',
  controlTlsVersion: 'TLSv1.3',
  controlSuite: 'TLS_AES_256_GCM_SHA384',
  peerCertificate: { type: 'EC, curve prime256v1', bits: 256 },
  temporaryKey: '253 bits X25519',
  tlsWrap: 'tls-crypt',
};

export const WEAK_OPENVPN: NegotiatedSecurity = {
  protocol: 'openvpn',
  dataCipher: 'BF-CBC',
  dataAuth: 'SHA1',
  controlTlsVersion: 'TLSv1',
  controlSuite: 'DHE-RSA-AES256-SHA',
  peerCertificate: { type: 'RSA', bits: 1024 },
  temporaryKey: '1024 bits DH',
  tlsWrap: 'none',
};

export function securityEvent(
  security: NegotiatedSecurity,
  profile: string,
  at = '2030-01-01T00:00:02.000Z',
): SecurityEvent {
  return { type: 'security', at, profile, ...toSecurityEventFields(assessStrength(security)) };
}

/** ProfileSummary.expected as the service fills it (English reasons only). */
export function expectedOf(security: NegotiatedSecurity): NonNullable<ProfileSummary['expected']> {
  const a = assessStrength(security);
  return {
    dataCipher: a.dataCipher,
    dataKeyBits: a.dataKeyBits,
    securityBits: a.securityBits,
    rating: a.rating,
    reasons: [
      'Expected from the profile; the server decides what is actually negotiated.',
      ...a.reasons.map((r) => r.text),
    ],
  };
}
