import type { SecurityEvent } from '../events';

/** What the connection controller needs from the encryption-strength model. */
export interface SecurityVerdict {
  allowed: boolean;
  reason?: string;
  event: Omit<SecurityEvent, 'type' | 'at' | 'profile'>;
}
