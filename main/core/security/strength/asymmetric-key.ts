/**
 * Security levels of public keys (certificates, key exchange). Key bits are not security bits:
 * RSA/DSA/finite-field DH follow NIST SP 800-57 Part 1 (1024 -> 80, 2048 -> 112, 3072 -> 128,
 * 7680 -> 192, 15360 -> 256); elliptic curves give half their size (P-256 and X25519 -> 128).
 */
export type KeyFamily = 'rsa' | 'dsa' | 'dh' | 'ec' | 'unknown';

export interface AsymmetricKeyInfo {
  family: KeyFamily;
  /** Short display label: "RSA-2048", "P-256", "X25519", "Ed25519", "DH-2048". */
  label: string;
  bits: number;
  securityBits: number;
}

const CURVES: Record<string, { label: string; securityBits: number }> = {
  prime256v1: { label: 'P-256', securityBits: 128 },
  secp256r1: { label: 'P-256', securityBits: 128 },
  'p-256': { label: 'P-256', securityBits: 128 },
  secp384r1: { label: 'P-384', securityBits: 192 },
  'p-384': { label: 'P-384', securityBits: 192 },
  secp521r1: { label: 'P-521', securityBits: 256 },
  'p-521': { label: 'P-521', securityBits: 256 },
  secp224r1: { label: 'P-224', securityBits: 112 },
  'p-224': { label: 'P-224', securityBits: 112 },
  prime192v1: { label: 'P-192', securityBits: 96 },
  secp192r1: { label: 'P-192', securityBits: 96 },
  secp256k1: { label: 'secp256k1', securityBits: 128 },
  brainpoolp256r1: { label: 'brainpoolP256r1', securityBits: 128 },
  brainpoolp384r1: { label: 'brainpoolP384r1', securityBits: 192 },
  brainpoolp512r1: { label: 'brainpoolP512r1', securityBits: 256 },
  x25519: { label: 'X25519', securityBits: 128 },
  x448: { label: 'X448', securityBits: 224 },
  ed25519: { label: 'Ed25519', securityBits: 128 },
  ed448: { label: 'Ed448', securityBits: 224 },
  curve25519: { label: 'Curve25519', securityBits: 128 },
};

/** NIST SP 800-57 Part 1 Table 2, conservative steps; below 1024 the figures are rough estimates. */
export function finiteFieldSecurityBits(bits: number): number {
  if (bits >= 15360) return 256;
  if (bits >= 7680) return 192;
  if (bits >= 3072) return 128;
  if (bits >= 2048) return 112;
  if (bits >= 1024) return 80;
  if (bits >= 768) return 64;
  if (bits >= 512) return 56;
  return 40;
}

function curve(name: string, bits: number): AsymmetricKeyInfo | undefined {
  const known = CURVES[name.toLowerCase()];
  if (known) return { family: 'ec', label: known.label, bits, securityBits: known.securityBits };
  return undefined;
}

/**
 * Describes a key from OpenVPN's wording: a type ("RSA", "EC", "ECprime256v1", "EC, curve prime256v1",
 * "X25519", "DH", "ED25519") and its size in bits (X25519 reports 253).
 */
export function describeKey(type: string, bits: number): AsymmetricKeyInfo {
  const t = type.trim();
  const lower = t.toLowerCase();
  if (lower === 'rsa' || lower.startsWith('rsa')) {
    return { family: 'rsa', label: `RSA-${bits}`, bits, securityBits: finiteFieldSecurityBits(bits) };
  }
  if (lower === 'dsa')
    return { family: 'dsa', label: `DSA-${bits}`, bits, securityBits: finiteFieldSecurityBits(bits) };
  if (lower === 'dh' || lower === 'ffdhe' || /^ffdhe\d+$/.test(lower)) {
    const size = /^ffdhe(\d+)$/.exec(lower)?.[1];
    const b = size ? Number(size) : bits;
    return { family: 'dh', label: `DH-${b}`, bits: b, securityBits: finiteFieldSecurityBits(b) };
  }
  const direct = curve(t, bits);
  if (direct) return direct;
  // "EC", "ECprime256v1", "EC, curve prime256v1", "EC prime256v1", "ECDH, P-256"
  const ec = /^ec(?:dh|dsa)?[,\s]*(?:curve\s+)?(.*)$/i.exec(t);
  if (ec) {
    const named = ec[1] ? curve(ec[1].trim(), bits) : undefined;
    if (named) return named;
    const label = ec[1]?.trim() ? ec[1].trim() : `EC-${bits}`;
    return { family: 'ec', label, bits, securityBits: Math.floor(bits / 2) };
  }
  return { family: 'unknown', label: `${t}-${bits}`, bits, securityBits: Math.floor(bits / 2) };
}

/**
 * Parses OpenVPN's "peer temporary key" text ("253 bits X25519", "256 bits ECprime256v1",
 * "2048 bits DH", "256 bit EC, curve prime256v1"). A bare group name ("X25519") is accepted too.
 */
export function parseKeyDescription(text: string): AsymmetricKeyInfo | undefined {
  const trimmed = text.trim();
  const sized = /^(\d+)\s+bits?\s+(.+)$/i.exec(trimmed);
  if (sized) return describeKey(sized[2] ?? '', Number(sized[1]));
  const named = curve(trimmed, 0);
  if (named) return named;
  const ffdhe = /^ffdhe(\d+)$/i.exec(trimmed);
  if (ffdhe) return describeKey(trimmed, Number(ffdhe[1]));
  return undefined;
}
