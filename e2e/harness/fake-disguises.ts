import { tunnelOf, type DisguiseEndpoint, type DisguiseStarter } from '../../main/core/connection/disguise-starter';
import type { Candidate } from '../../main/core/connection/failover/types';
import {
  disguiseInUse,
  disguiseServerEndpoint,
  type DisguiseRoute,
  type TunnelVia,
} from '../../main/core/disguise/disguise-route';
import type { StoredDisguise } from '../../main/core/disguise/disguise-store';
import type { ProcessExit } from '../../main/core/system/process-runner';

/** The imported disguises as the core stored them (a fresh read of the data dir's disguises.json). */
export interface StoredDisguises {
  get(id: string): StoredDisguise;
  openSecrets(id: string): Promise<Record<string, string>>;
}

/**
 * Disguise "programs" for the browser harness: nothing is started and nothing listens. A route is described
 * the way the real programs' would be (disguise-route.ts: a loopback forward for ss-tunnel and stunnel, a
 * SOCKS proxy for ss-local and obfs4proxy), so the scripted drivers see a tunnel pointed at the disguise and
 * let it through the censor. What the engine asks of the programs (start, keep outside the tunnel, stop) is
 * written to the log, so a spec can hold the engine to cleaning up after itself.
 */
export class FakeDisguiseStarter implements DisguiseStarter {
  private nextPort = 20_000;

  constructor(
    private readonly stored: () => StoredDisguises,
    private readonly log: (line: string) => void,
  ) {}

  endpoint(candidate: Candidate): DisguiseEndpoint | undefined {
    if (!candidate.disguise) return undefined;
    try {
      return disguiseServerEndpoint(this.stored().get(candidate.disguise.id).params, tunnelOf(candidate));
    } catch {
      return undefined;
    }
  }

  async start(
    candidate: Candidate,
    target: { host: string; port: number },
    serverAddress: string,
  ): Promise<DisguiseRoute> {
    if (!candidate.disguise) throw new Error('not a disguised candidate');
    const stored = this.stored();
    const { id } = candidate.disguise;
    const { params } = stored.get(id);
    // The real programs need the sealed password or cert: it must still open after the round trip through the vault.
    const secrets = await stored.openSecrets(id);
    if (Object.values(secrets).some((value) => value.length === 0)) throw new Error(`a secret of ${id} is empty`);
    const tunnel = tunnelOf(candidate);
    const port = this.nextPort++;
    const via: TunnelVia =
      params.kind === 'tls' || tunnel === 'wireguard'
        ? { kind: 'forward', host: '127.0.0.1', port }
        : {
            kind: 'socks',
            // obfs4proxy's SOCKS request names the bridge itself; ss-local's names the VPN server.
            proxy: {
              host: '127.0.0.1',
              port,
              remote: params.kind === 'obfs4' ? { host: serverAddress, port: params.port } : target,
            },
          };
    const name = `${id} (${params.kind}) on 127.0.0.1:${port}`;
    this.log(`disguise started: ${name} to ${serverAddress}:${params.port} for ${target.host}:${target.port}`);
    let kill: (exit: ProcessExit) => void = () => undefined;
    // A program that works runs until it is stopped.
    const exited = new Promise<ProcessExit>((resolve) => {
      kill = resolve;
    });
    let stopped = false;
    let bypassed = false;
    return {
      inUse: disguiseInUse(id, params),
      via,
      exited,
      output: () => '',
      bypassTunnel: async () => {
        if (bypassed) return;
        bypassed = true;
        this.log(`disguise kept outside the tunnel: ${name}`);
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        this.log(`disguise stopped: ${name}`);
        kill({ code: null, signal: 'SIGTERM' });
      },
    };
  }
}
