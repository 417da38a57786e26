import type { SecurityVerdict } from '../../connection/security-gate';
import type { Settings } from '../../settings/schema';
import type { NegotiatedSecurity } from '../../tunnel/driver';
import { assessStrength, toSecurityEventFields } from './assess';
import { meetsMinimum } from './minimum';

/**
 * The connection controller's security gate: rates what a tunnel negotiated, produces the `security`
 * event and says whether the user's minimum allows it.
 */
export function securityGate(security: NegotiatedSecurity, settings: Settings): SecurityVerdict {
  const assessment = assessStrength(security);
  const check = meetsMinimum(assessment, settings.security);
  const event = toSecurityEventFields(assessment);
  return check.ok ? { allowed: true, event } : { allowed: false, reason: check.reason, event };
}
