import type { Impact } from './rating';

/**
 * Every explanation the strength model can give, as a stable code (the renderer translates by it)
 * with parameters, plus the English sentence used by logs and the CLI.
 */
export type StrengthReasonCode =
  | 'aead-cipher'
  | 'cbc-with-hmac'
  | 'sweet32'
  | 'short-key'
  | 'no-encryption'
  | 'no-integrity'
  | 'weak-hmac'
  | 'unknown-cipher'
  | 'cipher-not-reported'
  | 'old-tls'
  | 'tls-no-forward-secrecy'
  | 'tls-weak-suite'
  | 'tls-cbc-suite'
  | 'control-not-reported'
  | 'weak-certificate'
  | 'certificate-below-128'
  | 'weak-key-exchange'
  | 'key-exchange-below-128'
  | 'limited-by'
  | 'tls-crypt'
  | 'tls-crypt-v2'
  | 'tls-auth'
  | 'no-tls-wrap'
  | 'wireguard-suite'
  | 'preshared-key'
  | 'no-preshared-key'
  | 'expected'
  | 'allows-weaker'
  | 'fallback-cipher';

export type ReasonParams = Record<string, string | number>;

export interface StrengthReason {
  code: StrengthReasonCode;
  params: ReasonParams;
  /** How this point alone rates the connection; 'info' does not lower the rating. */
  impact: Impact;
  /** Plain English, for logs and the CLI. */
  text: string;
}

const TEXT: Record<StrengthReasonCode, (p: ReasonParams) => string> = {
  'aead-cipher': (p) => `${p.cipher}: authenticated encryption with a ${p.bits}-bit key.`,
  'cbc-with-hmac': (p) =>
    `${p.cipher} with HMAC-${p.auth}: an older construction (separate encryption and integrity); GCM or ChaCha20-Poly1305 is preferred.`,
  sweet32: (p) =>
    `${p.cipher} is a 64-bit block cipher: vulnerable to Sweet32 (data can be recovered) after long sessions.`,
  'short-key': (p) => `${p.cipher} uses a ${p.bits}-bit key, short enough to be broken by brute force.`,
  'no-encryption': () => 'No data-channel encryption: traffic crosses the network readable by anyone on the path.',
  'no-integrity': (p) => `${p.cipher} runs without an HMAC: packets can be altered without detection.`,
  'weak-hmac': (p) => `HMAC-${p.auth} is outdated; SHA256 or better is expected.`,
  'unknown-cipher': (p) => `${p.cipher} is not a cipher Holdfast knows how to rate.`,
  'cipher-not-reported': () => 'The data-channel cipher was not reported, so its strength cannot be confirmed.',
  'old-tls': (p) => `${p.version} is outdated and has known attacks; TLS 1.2 or newer is expected.`,
  'tls-no-forward-secrecy': (p) =>
    `The TLS suite ${p.suite} has no forward secrecy: a stolen server key would expose recorded sessions.`,
  'tls-weak-suite': (p) => `The TLS suite ${p.suite} uses a broken or obsolete algorithm.`,
  'tls-cbc-suite': (p) => `The TLS suite ${p.suite} uses CBC mode, which has a history of padding attacks.`,
  'control-not-reported': () => 'The control channel (TLS) details were not reported.',
  'weak-certificate': (p) => `${p.key} server certificate (about ${p.securityBits}-bit security) can be broken.`,
  'certificate-below-128': (p) =>
    `${p.key} server certificate: about ${p.securityBits}-bit security, below the 128 bits of a modern handshake.`,
  'weak-key-exchange': (p) => `${p.key} key exchange (about ${p.securityBits}-bit security) can be broken.`,
  'key-exchange-below-128': (p) =>
    `${p.key} key exchange: about ${p.securityBits}-bit security, below the 128 bits of a modern handshake.`,
  'limited-by': (p) =>
    `Overall about ${p.securityBits}-bit security: the ${p.keyBits}-bit data key is protected by the ${p.part}, the weakest part.`,
  'tls-crypt': () => 'tls-crypt encrypts and authenticates the handshake: harder to fingerprint, block or attack.',
  'tls-crypt-v2': () =>
    'tls-crypt-v2 encrypts and authenticates the handshake with a per-client key: harder to fingerprint, block or attack.',
  'tls-auth': () => 'tls-auth authenticates handshake packets (resists floods and probing) but does not hide them.',
  'no-tls-wrap': () =>
    'The handshake is neither authenticated nor hidden (no tls-auth or tls-crypt): easy to fingerprint and probe.',
  'wireguard-suite': () =>
    'WireGuard always uses ChaCha20-Poly1305 with a 256-bit key, Curve25519 key exchange and BLAKE2s hashing.',
  'preshared-key': () =>
    'A pre-shared key is mixed into the handshake: recorded traffic stays protected even if Curve25519 is broken later.',
  'no-preshared-key': () =>
    'No pre-shared key: Curve25519 alone (about 128-bit security) protects the session keys, which is fine today.',
  expected: () => 'Expected from the profile; the server decides what is actually negotiated.',
  'allows-weaker': (p) => `The profile allows ${p.ciphers}; a server may pick the weakest of them.`,
  'fallback-cipher': (p) => `If the server cannot negotiate a cipher, ${p.cipher} is used.`,
};

export function reason(code: StrengthReasonCode, impact: Impact, params: ReasonParams = {}): StrengthReason {
  return { code, params, impact, text: TEXT[code](params) };
}
