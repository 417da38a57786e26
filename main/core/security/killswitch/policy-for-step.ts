import { isIpAddress } from '../../net/ip';
import type { Profile } from '../../profiles/types';
import type { KillSwitchEndpoint, KillSwitchPolicy } from './policy';
import type { KillSwitchSettings } from './settings';

/**
 * One step of a connection as the kill switch sees it: which servers are being tried, which tunnel is
 * up. The connection controller builds one at each step (connecting to A, B, C while racing; connected
 * through the tunnel; failing over) and applies the resulting policy.
 */
export interface ConnectionStep {
  /** Servers being connected to or raced; host names must already be resolved to addresses. */
  candidates: KillSwitchEndpoint[];
  /** Interfaces of tunnels that are up (empty while the first handshake is pending). */
  tunnelInterfaces: string[];
  /** The tunnel's resolvers (WireGuard `DNS =`, OpenVPN pushed dhcp-option DNS). */
  dnsServers: string[];
  /** True when the tunnel has an IPv6 address and routes IPv6. */
  tunnelCarriesIpv6: boolean;
  tunnelFwmark?: number;
}

export function policyForStep(settings: KillSwitchSettings, step: ConnectionStep): KillSwitchPolicy {
  return {
    tunnelInterfaces: step.tunnelInterfaces,
    endpoints: step.candidates,
    allowLan: settings.allowLan,
    dnsServersInTunnel: step.dnsServers.filter(isIpAddress),
    allowIpv6InTunnel: step.tunnelCarriesIpv6,
    ...(step.tunnelFwmark !== undefined ? { tunnelFwmark: step.tunnelFwmark } : {}),
  };
}

export interface ProfileEndpoint {
  host: string;
  proto: 'udp' | 'tcp';
  port: number;
}

/**
 * The servers a profile may connect to. Host names must be resolved before the first policy is applied:
 * once the kill switch is on, DNS outside the tunnel is blocked.
 */
export function profileEndpoints(profile: Profile): ProfileEndpoint[] {
  if (profile.kind === 'wireguard') {
    return profile.peers.flatMap((peer) =>
      peer.endpoint ? [{ host: peer.endpoint.host, proto: 'udp' as const, port: peer.endpoint.port }] : [],
    );
  }
  return profile.remotes.map((remote) => ({ host: remote.host, proto: remote.proto, port: remote.port }));
}

/** Turns resolved endpoints into policy entries; `resolve` maps a host name to its addresses. */
export function toPolicyEndpoints(
  endpoints: readonly ProfileEndpoint[],
  resolved: ReadonlyMap<string, readonly string[]>,
): KillSwitchEndpoint[] {
  return endpoints.flatMap((e) => {
    const ips = isIpAddress(e.host) ? [e.host] : (resolved.get(e.host) ?? []);
    return ips.map((ip) => ({ ip, proto: e.proto, port: e.port }));
  });
}
