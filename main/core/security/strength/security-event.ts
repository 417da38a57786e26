import type { DisguiseInUse } from '../../disguise/disguised-route';

/**
 * How a tunnel's security is described to the outside world: the `security` event the strength model's
 * rating fills (assess.ts), and its explanation, which profile summaries carry too. Apart from the events,
 * so profiles and the connection snapshot can name these without importing the event catalogue.
 */

export interface SecurityEvent {
  type: 'security';
  at: string;
  profile: string;
  protocol: 'wireguard' | 'openvpn';
  dataCipher: string;
  dataKeyBits: number;
  securityBits: number;
  controlChannel: string | null;
  rating: 'strong' | 'acceptable' | 'legacy' | 'insecure' | 'critical';
  reasons: string[];
  /** For the explanation panel: translatable reasons and the part that limits the security level. */
  explanation?: SecurityExplanation;
  /** The disguise the tunnel runs inside, if any: its own line in the panel, never part of the rating. */
  disguise?: DisguiseInUse;
}

export interface SecurityExplanation {
  weakestPart: string;
  /** True when rated from what the profile allows, before anything was negotiated. */
  expected: boolean;
  reasons: Array<{ code: string; impact: string; params: Record<string, string | number>; text: string }>;
}
