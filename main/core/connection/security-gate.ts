import type { SecurityEvent } from '../security/strength/security-event';

/** What the connection controller needs from the encryption-strength model. */
export interface SecurityVerdict {
  allowed: boolean;
  reason?: string;
  event: Omit<SecurityEvent, 'type' | 'at' | 'profile'>;
}
