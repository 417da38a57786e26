import type { Profile } from '../profiles/types';
import { isIpAddress } from '../net/ip';
import type { KillSwitchPort } from '../security/killswitch';
import type { KillSwitchEndpoint } from '../security/killswitch/policy';
import { policyForStep, profileEndpoints } from '../security/killswitch/policy-for-step';
import type { KillSwitchSettings } from '../security/killswitch/settings';
import { ServerAddressBook } from './server-addresses';

interface TunnelEntry {
  dns: string[];
  ipv6: boolean;
}

export type { HostResolver } from './server-addresses';

/**
 * Keeps the kill switch in step with the connection: from the first attempt until the user disconnects,
 * only the servers being tried, the tunnels that are up and their DNS may pass. Each change re-applies
 * the whole policy atomically. Host names are looked up before the first rule goes in (DNS outside the
 * tunnel is blocked afterwards) and again through every tunnel that comes up; each attempt is pinned to one
 * address, which is both what the kill switch allows and what the driver connects to.
 */
export class KillSwitchGuard {
  private endpoints: KillSwitchEndpoint[] = [];
  private readonly tunnels = new Map<string, TunnelEntry>();
  private readonly hosts = new Set<string>();
  private readonly pins = new Map<string, { host: string; address: string | undefined }>();
  private engaged = false;

  constructor(
    private readonly port: KillSwitchPort | null,
    private readonly settings: () => KillSwitchSettings,
    private readonly book: ServerAddressBook = new ServerAddressBook({
      now: () => Date.now(),
      networkKey: () => 'unknown',
      allowPrivate: () => false,
      log: () => undefined,
    }),
  ) {}

  get enabled(): boolean {
    return this.port !== null && this.settings().enabled;
  }

  /**
   * Looks up every host name the profiles may use. Skipped while the kill switch blocks and no tunnel is up:
   * the lookup could not leave, and remembered addresses serve instead.
   */
  async prepare(profiles: readonly Profile[]): Promise<void> {
    const hosts = profiles.flatMap((p) => profileEndpoints(p).map((e) => e.host)).filter((h) => !isIpAddress(h));
    for (const host of hosts) this.hosts.add(host);
    if (this.engaged && this.tunnels.size === 0) return;
    await this.book.refresh(hosts);
  }

  /**
   * Allows exactly these (profile, endpoint) pairs as servers to reach, besides the tunnels that are up. A
   * disguised route (`via`) is allowed to its disguise server only: the VPN server stays blocked, as the
   * disguise program alone talks to the network.
   */
  async allowServers(servers: ReadonlyArray<AllowedServer>): Promise<void> {
    const unresolved = servers
      .map(({ profile }) => profile)
      .filter((p) => profileEndpoints(p).some((e) => !isIpAddress(e.host) && !this.hosts.has(e.host)));
    if (unresolved.length > 0) await this.prepare(unresolved);
    const viaNames = servers.flatMap(({ via }) =>
      via && !isIpAddress(via.host) && !this.hosts.has(via.host) ? [via.host] : [],
    );
    if (viaNames.length > 0) {
      for (const host of viaNames) this.hosts.add(host);
      if (!(this.engaged && this.tunnels.size === 0)) await this.book.refresh(viaNames);
    }
    this.endpoints = servers.flatMap(({ profile, endpointIndex, via }) => {
      if (via) {
        const address = this.book.pick(via.host);
        this.pins.set(viaKey(via.host), { host: via.host, address });
        return address ? [{ ip: address, proto: via.proto, port: via.port }] : [];
      }
      const all = profileEndpoints(profile);
      const chosen = all[endpointIndex] ?? all[0];
      if (!chosen) return [];
      const address = this.book.pick(chosen.host);
      this.pins.set(pinKey(profile, endpointIndex), { host: chosen.host, address });
      return address ? [{ ip: address, proto: chosen.proto, port: chosen.port }] : [];
    });
    if (!this.enabled) return;
    await this.apply();
  }

  /**
   * The address the driver must connect to for this endpoint (the one the kill switch allows); undefined
   * for an endpoint written as an address, or a name nobody could resolve.
   */
  pinnedAddress(profile: Profile, endpointIndex: number): { host: string; address: string | undefined } | undefined {
    const pin = this.pins.get(pinKey(profile, endpointIndex));
    if (!pin || isIpAddress(pin.host)) return undefined;
    return pin;
  }

  /** The address a disguise server is reached at (the one the kill switch allows), or undefined. */
  disguiseAddress(host: string): string | undefined {
    if (isIpAddress(host)) return host;
    return this.pins.get(viaKey(host))?.address ?? this.book.pick(host);
  }

  /** Data flowed through this pinned address: remember it for this network. */
  async worked(profile: Profile, endpointIndex: number): Promise<void> {
    const pin = this.pinnedAddress(profile, endpointIndex);
    if (pin?.address) await this.book.worked(pin.host, pin.address);
  }

  failed(profile: Profile, endpointIndex: number): void {
    const pin = this.pinnedAddress(profile, endpointIndex);
    if (pin?.address) this.book.failed(pin.host, pin.address);
  }

  async tunnelUp(interfaceName: string, entry: TunnelEntry): Promise<void> {
    if (this.enabled) {
      this.tunnels.set(interfaceName, entry);
      await this.apply();
    }
    // A tunnel with DNS carries lookups past a local censor: refresh the addresses for the next failover.
    if (entry.dns.length > 0) void this.book.refresh(this.hosts).catch(() => undefined);
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

export interface AllowedServer {
  profile: Profile;
  endpointIndex: number;
  /** A disguised route: the disguise server to allow instead of the profile's endpoint. */
  via?: { host: string; port: number; proto: 'udp' | 'tcp' };
}

function viaKey(host: string): string {
  return `via:${host.toLowerCase()}`;
}

function pinKey(profile: Profile, endpointIndex: number): string {
  return `${profile.id}#${endpointIndex}`;
}
