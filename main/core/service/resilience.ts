import type { RecoveryStatus } from '../../../preload/contract';
import type { IncidentRecord } from '../connection/failover/incidents';

/** What the service's handlers need from failover memory and crash recovery. */
export interface ResilienceServices {
  incidents(): IncidentRecord[];
  forgetNetwork(): Promise<boolean>;
  recoveryStatus(): Promise<RecoveryStatus>;
  clearRecovery(): Promise<RecoveryStatus>;
}
