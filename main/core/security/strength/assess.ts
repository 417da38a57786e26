import type { SecurityEvent } from './security-event';
import type { NegotiatedSecurity } from '../../tunnel/driver';
import { describeKey, parseKeyDescription, type AsymmetricKeyInfo } from './asymmetric-key';
import { rateControlChannel } from './control-channel';
import { rateDataCipher } from './data-cipher';
import { ratingOf, type Rating } from './rating';
import { reason, type StrengthReason } from './reasons';

/**
 * The honest answer to "how strong is this connection?": the data cipher and its key size shown
 * prominently, and beside it the security level of the weakest link (handshake keys included),
 * a rating and the reasons for it.
 */
export interface StrengthAssessment {
  protocol: 'openvpn' | 'wireguard';
  dataCipher: string;
  dataKeyBits: number;
  /** Estimated security level of the weakest part, in bits (0 = none / unknown). */
  securityBits: number;
  controlChannel: string | null;
  rating: Rating;
  reasons: StrengthReason[];
  /** What sets securityBits, e.g. "P-256 server certificate" or "AES-128-GCM data cipher". */
  weakestPart: string;
  /** True when rated from what a profile allows rather than from what was negotiated. */
  expected: boolean;
}

/** The fields of the `security` event (SecurityEvent minus type/at/profile). */
export type SecurityEventFields = Omit<SecurityEvent, 'type' | 'at' | 'profile'>;

export const WIREGUARD_CONTROL_CHANNEL = 'Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s';

interface Part {
  name: string;
  securityBits: number;
}

/** Rates a handshake key: RSA/DSA/DH below 2048 bits (or any key under 112-bit security) is insecure. */
function rateHandshakeKey(
  key: AsymmetricKeyInfo,
  weakCode: 'weak-certificate' | 'weak-key-exchange',
  belowCode: 'certificate-below-128' | 'key-exchange-below-128',
): StrengthReason | undefined {
  const params = { key: key.label, bits: key.bits, securityBits: key.securityBits };
  if (key.securityBits < 112) return reason(weakCode, 'insecure', params);
  if (key.securityBits < 128) return reason(belowCode, 'acceptable', params);
  return undefined;
}

function tlsWrapReason(wrap: NegotiatedSecurity['tlsWrap']): StrengthReason | undefined {
  switch (wrap) {
    case 'tls-crypt':
      return reason('tls-crypt', 'info');
    case 'tls-crypt-v2':
      return reason('tls-crypt-v2', 'info');
    case 'tls-auth':
      return reason('tls-auth', 'info');
    case 'none':
      return reason('no-tls-wrap', 'info');
    default:
      return undefined;
  }
}

function weakest(parts: Part[]): Part | undefined {
  let min: Part | undefined;
  for (const part of parts) if (!min || part.securityBits < min.securityBits) min = part;
  return min;
}

function assessOpenVpn(security: NegotiatedSecurity): StrengthAssessment {
  const data = rateDataCipher(security.dataCipher, security.dataAuth);
  const control = rateControlChannel(security.controlTlsVersion, security.controlSuite);
  const reasons: StrengthReason[] = [...data.reasons, ...control.reasons];
  const parts: Part[] = [];
  if (data.cipher !== 'unknown') parts.push({ name: `${data.cipher} data cipher`, securityBits: data.securityBits });
  if (control.securityBits !== undefined && security.controlSuite) {
    parts.push({ name: `${security.controlSuite} TLS suite`, securityBits: control.securityBits });
  }
  if (security.peerCertificate) {
    const key = describeKey(security.peerCertificate.type, security.peerCertificate.bits);
    parts.push({ name: `${key.label} server certificate`, securityBits: key.securityBits });
    const r = rateHandshakeKey(key, 'weak-certificate', 'certificate-below-128');
    if (r) reasons.push(r);
  }
  const temporary = security.temporaryKey ? parseKeyDescription(security.temporaryKey) : undefined;
  if (temporary) {
    parts.push({ name: `${temporary.label} key exchange`, securityBits: temporary.securityBits });
    const r = rateHandshakeKey(temporary, 'weak-key-exchange', 'key-exchange-below-128');
    if (r) reasons.push(r);
  }
  const wrap = tlsWrapReason(security.tlsWrap);
  if (wrap) reasons.push(wrap);

  const min = weakest(parts);
  const securityBits = data.cipher === 'none' ? 0 : (min?.securityBits ?? 0);
  if (min && data.cipher !== 'none' && min.securityBits < data.keyBits && !min.name.endsWith('data cipher')) {
    reasons.push(reason('limited-by', 'info', { securityBits, keyBits: data.keyBits, part: min.name }));
  }
  return {
    protocol: 'openvpn',
    dataCipher: data.cipher,
    dataKeyBits: data.keyBits,
    securityBits,
    controlChannel: control.description,
    rating: ratingOf(reasons.map((r) => r.impact)),
    reasons,
    weakestPart: data.cipher === 'none' ? 'data cipher (none)' : (min?.name ?? 'unknown'),
    expected: false,
  };
}

/** WireGuard has no negotiation: one suite, Curve25519 (about 128-bit) sets the level. */
export function assessWireGuard(presharedKey: boolean): StrengthAssessment {
  const part = 'X25519 key exchange';
  return {
    protocol: 'wireguard',
    dataCipher: 'CHACHA20-POLY1305',
    dataKeyBits: 256,
    securityBits: 128,
    controlChannel: WIREGUARD_CONTROL_CHANNEL,
    rating: 'strong',
    reasons: [
      reason('wireguard-suite', 'info'),
      presharedKey ? reason('preshared-key', 'info') : reason('no-preshared-key', 'info'),
      reason('limited-by', 'info', { securityBits: 128, keyBits: 256, part }),
    ],
    weakestPart: part,
    expected: false,
  };
}

export function assessStrength(security: NegotiatedSecurity): StrengthAssessment {
  return security.protocol === 'wireguard' ? assessWireGuard(security.presharedKey === true) : assessOpenVpn(security);
}

/** Maps an assessment onto the `security` event the CLI prints and the renderer shows. */
export function toSecurityEventFields(assessment: StrengthAssessment): SecurityEventFields {
  return {
    protocol: assessment.protocol,
    dataCipher: assessment.dataCipher,
    dataKeyBits: assessment.dataKeyBits,
    securityBits: assessment.securityBits,
    controlChannel: assessment.controlChannel,
    rating: assessment.rating,
    reasons: assessment.reasons.map((r) => r.text),
    explanation: {
      weakestPart: assessment.weakestPart,
      expected: assessment.expected,
      reasons: assessment.reasons.map((r) => ({
        code: r.code,
        impact: r.impact,
        params: { ...r.params },
        text: r.text,
      })),
    },
  };
}
