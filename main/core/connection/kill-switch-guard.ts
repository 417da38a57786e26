import { lookup } from 'node:dns/promises';
import type { Profile } from '../profiles/types';
import { isIpAddress } from '../net/ip';
import type { KillSwitchPort } from '../security/killswitch';
import type { KillSwitchEndpoint } from '../security/killswitch/policy';
import { policyForStep, profileEndpoints, toPolicyEndpoints } from '../security/killswitch/policy-for-step';
import type { KillSwitchSettings } from '../security/killswitch/settings';

interface TunnelEntry {
  dns: string[];
  ipv6: boolean;
}

export type HostResolver = (host: string) => Promise<string[]>;

/**
 * Keeps the kill switch in step with the connection: from the first attempt until the user disconnects,
 * only the servers being tried, the tunnels that are up and their DNS may pass. Each change re-applies
 * the whole policy atomically. Host names are resolved before the first rule goes in, because DNS
 * outside the tunnel is blocked afterwards.
 */
export class KillSwitchGuard {
  private endpoints: KillSwitchEndpoint[] = [];
  private readonly tunnels = new Map<string, TunnelEntry>();
  private readonly resolved = new Map<string, string[]>();
  private engaged = false;

  constructor(
    private readonly port: KillSwitchPort | null,
    private readonly settings: () => KillSwitchSettings,
    private readonly resolveHost: HostResolver = systemResolver,
  ) {}

  get enabled(): boolean {
    return this.port !== null && this.settings().enabled;
  }

  /** Resolves every host name the profiles may use, while DNS still works. */
  async prepare(profiles: readonly Profile[]): Promise<void> {
    if (!this.enabled) return;
    const hosts = new Set(
      profiles.flatMap((p) => profileEndpoints(p).map((e) => e.host)).filter((h) => !isIpAddress(h)),
    );
    await Promise.all(
      [...hosts]
        .filter((h) => !this.resolved.has(h))
        .map(async (host) => {
          this.resolved.set(host, await this.resolveHost(host).catch(() => []));
        }),
    );
  }

  /** Allows exactly these (profile, endpoint) pairs as servers to reach, besides the tunnels that are up. */
  async allowServers(servers: ReadonlyArray<{ profile: Profile; endpointIndex: number }>): Promise<void> {
    if (!this.enabled) return;
    await this.prepare(servers.map((s) => s.profile));
    this.endpoints = servers.flatMap(({ profile, endpointIndex }) => {
      const all = profileEndpoints(profile);
      const chosen = all[endpointIndex] ?? all[0];
      return chosen ? toPolicyEndpoints([chosen], this.resolved) : [];
    });
    await this.apply();
  }

  async tunnelUp(interfaceName: string, entry: TunnelEntry): Promise<void> {
    if (!this.enabled) return;
    this.tunnels.set(interfaceName, entry);
    await this.apply();
  }

  async tunnelDown(interfaceName: string): Promise<void> {
    if (!this.tunnels.delete(interfaceName) || !this.engaged) return;
    await this.apply();
  }

  /** Only when the user disconnects: traffic flows normally again. */
  async release(): Promise<void> {
    this.endpoints = [];
    this.tunnels.clear();
    if (!this.port || !this.engaged) return;
    this.engaged = false;
    await this.port.clear();
  }

  private async apply(): Promise<void> {
    if (!this.port) return;
    const tunnels = [...this.tunnels.entries()];
    const policy = policyForStep(this.settings(), {
      candidates: this.endpoints,
      tunnelInterfaces: tunnels.map(([name]) => name),
      dnsServers: tunnels.flatMap(([, t]) => t.dns),
      tunnelCarriesIpv6: tunnels.some(([, t]) => t.ipv6),
    });
    await this.port.apply(policy);
    this.engaged = true;
  }
}

async function systemResolver(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true });
  return answers.map((a) => a.address);
}
