import type { SecurityVerdict } from '../connection/security-gate';
import type { Settings } from '../settings/schema';
import type { NegotiatedSecurity } from '../tunnel/driver';

/**
 * Placeholder until the strength model lands: reports WireGuard's fixed suite honestly and lets every
 * connection through. Replaced by the real model in main/core/security/strength.
 */
export function securityGate(security: NegotiatedSecurity, _settings: Settings): SecurityVerdict {
  return {
    allowed: true,
    event: {
      protocol: security.protocol,
      dataCipher: security.dataCipher ?? 'unknown',
      dataKeyBits: 0,
      securityBits: 0,
      controlChannel: null,
      rating: 'acceptable',
      reasons: [],
    },
  };
}
