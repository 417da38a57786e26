import {
  disguiseServerEndpoint,
  startDisguiseRoute,
  type DisguiseRoute,
  type DisguiseRouteDeps,
  type DisguisedTunnel,
} from '../disguise/disguise-route';
import type { Candidate } from './failover/types';

/** The disguise server a disguised candidate's traffic goes to: what the kill switch lets through. */
export interface DisguiseEndpoint {
  host: string;
  port: number;
  proto: 'udp' | 'tcp';
}

/** Runs the disguise of a disguised candidate (docs/disguise.md); the launcher chains the tunnel to it. */
export interface DisguiseStarter {
  endpoint(candidate: Candidate): DisguiseEndpoint | undefined;
  start(
    candidate: Candidate,
    target: { host: string; port: number },
    serverAddress: string,
    runtimeDir: string,
  ): Promise<DisguiseRoute>;
}

export function tunnelOf(candidate: Candidate): DisguisedTunnel {
  return candidate.transport.protocol === 'wireguard' ? 'wireguard' : 'openvpn-tcp';
}

export class ProgramDisguiseStarter implements DisguiseStarter {
  constructor(private readonly deps: DisguiseRouteDeps) {}

  endpoint(candidate: Candidate): DisguiseEndpoint | undefined {
    if (!candidate.disguise) return undefined;
    try {
      return disguiseServerEndpoint(this.deps.source.get(candidate.disguise.id).params, tunnelOf(candidate));
    } catch {
      // Removed since the plan was made: nothing to let through, and the attempt will say why.
      return undefined;
    }
  }

  start(
    candidate: Candidate,
    target: { host: string; port: number },
    serverAddress: string,
    runtimeDir: string,
  ): Promise<DisguiseRoute> {
    if (!candidate.disguise) throw new Error('not a disguised candidate');
    return startDisguiseRoute(
      { disguiseId: candidate.disguise.id, tunnel: tunnelOf(candidate), target, serverAddress, runtimeDir },
      this.deps,
    );
  }
}
