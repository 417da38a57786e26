import type { Clock } from '../../clock';
import type { WireGuardProfile } from '../../profiles/types';
import type { ChangeJournal } from '../../system/change-journal';
import type { FilePort } from '../../system/file-port';
import type { ProcessTable } from '../../system/process-table';
import type { ProcessRunner } from '../../system/process-runner';
import type { DnsMode } from './dns';

/**
 * What setting up (tunnel-setup.ts) and routing or promoting (tunnel-routes.ts) a WireGuard tunnel work from.
 * Its own module so the set-up can call the routing without the routing importing the set-up back.
 */
export interface TunnelSetupRequest {
  runner: ProcessRunner;
  clock: Clock;
  files: FilePort;
  processes: ProcessTable;
  journal: ChangeJournal;
  socketDir: string;
  ifname: string;
  sessionDir: string;
  profile: WireGuardProfile;
  secrets: Record<string, string>;
  endpointIndex: number;
  /** The pinned address of a host-named endpoint (see TunnelStartRequest). */
  endpointAddress?: string;
  fullTunnel: boolean;
  noRoutes: boolean;
  dnsMode: DnsMode;
  resolvConfPath: string;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}
