import type { RecoveryStatus } from '../../../preload/contract';
import type { IncidentRecord } from '../connection/failover/incidents';

/**
 * What the service needs from failover memory and the kill switch. Until those are wired in, the
 * defaults answer honestly: no incidents recorded, nothing to forget, nothing blocked.
 */
export interface ResilienceServices {
  incidents(): IncidentRecord[];
  forgetNetwork(): Promise<boolean>;
  recoveryStatus(): Promise<RecoveryStatus>;
  clearRecovery(): Promise<RecoveryStatus>;
}

export const noResilience: ResilienceServices = {
  incidents: () => [],
  forgetNetwork: async () => false,
  recoveryStatus: async () => ({ blocked: false, detail: null }),
  clearRecovery: async () => ({ blocked: false, detail: null }),
};
