import type { KillSwitchPolicy, NormalizedPolicy } from './policy';
import { DNS_PORTS, normalizePolicy } from './policy';

/**
 * The Windows kill switch as a Windows Filtering Platform plan (UNTESTED: data only; the code that
 * turns it into FwpmFilterAdd0 calls, and a run on Windows, remain; see docs/kill-switch.md).
 *
 * All filters live in one Holdfast sublayer at the ALE connect (outgoing) and receive/accept (incoming)
 * layers. Inside a sublayer the highest weight that matches decides, so exceptions carry weights above
 * the final block. Across sublayers a block wins over a permit (unless another product uses hard
 * permits), which is what a kill switch wants. The plan is applied in one WFP transaction that deletes
 * our previous filters and adds these, so there is no gap. `persistent` filters outlive the process
 * (the equivalent of the nftables table staying after a crash) and are removed only by clear.
 */
export type WfpLayer =
  'ALE_AUTH_CONNECT_V4' | 'ALE_AUTH_CONNECT_V6' | 'ALE_AUTH_RECV_ACCEPT_V4' | 'ALE_AUTH_RECV_ACCEPT_V6';

export type WfpCondition =
  | { field: 'FLAGS'; match: 'flags-all-set'; value: 'loopback' }
  /** An address, or a network in CIDR form (FWP_V4_ADDR_MASK / FWP_V6_ADDR_AND_MASK). */
  | { field: 'IP_REMOTE_ADDRESS'; match: 'equal'; value: string }
  | { field: 'IP_REMOTE_PORT'; match: 'equal'; value: number }
  | { field: 'IP_LOCAL_PORT'; match: 'equal'; value: number }
  | { field: 'IP_PROTOCOL'; match: 'equal'; value: 'tcp' | 'udp' | 'icmpv6' }
  | { field: 'ICMP_TYPE'; match: 'equal'; value: number }
  /** The adapter's alias; resolved to its LUID when the plan is applied. */
  | { field: 'IP_LOCAL_INTERFACE'; match: 'equal'; value: string }
  /** The tunnel program's app id (FwpmGetAppIdFromFileName0): Windows' counterpart of the fwmark. */
  | { field: 'ALE_APP_ID'; match: 'equal'; value: 'tunnel-process' };

export interface WfpFilter {
  name: string;
  layer: WfpLayer;
  action: 'permit' | 'block';
  weight: number;
  conditions: WfpCondition[];
}

export interface WfpFilterPlan {
  provider: { name: string };
  sublayer: { name: string; weight: number };
  persistent: boolean;
  filters: WfpFilter[];
}

const CONNECT = { 4: 'ALE_AUTH_CONNECT_V4', 6: 'ALE_AUTH_CONNECT_V6' } as const;
const ACCEPT = { 4: 'ALE_AUTH_RECV_ACCEPT_V4', 6: 'ALE_AUTH_RECV_ACCEPT_V6' } as const;

const WEIGHT = { loopback: 15, endpoint: 15, tunnelDns: 14, dnsBlock: 13, tunnel: 12, dhcp: 11, lan: 10, block: 0 };

/** ICMPv6 router solicitation/advertisement, neighbour solicitation/advertisement, redirect; MLD query and reports. */
const ND_TYPES = [133, 134, 135, 136, 137, 130, 131, 143];

export function buildWfpFilterPlan(policy: KillSwitchPolicy): WfpFilterPlan {
  const p = normalizePolicy(policy);
  const filters: WfpFilter[] = [];
  const add = (
    name: string,
    layer: WfpLayer,
    action: WfpFilter['action'],
    weight: number,
    conditions: WfpCondition[],
  ) => filters.push({ name, layer, action, weight, conditions });

  for (const family of [4, 6] as const) {
    for (const layer of [CONNECT[family], ACCEPT[family]]) {
      add('loopback', layer, 'permit', WEIGHT.loopback, [
        { field: 'FLAGS', match: 'flags-all-set', value: 'loopback' },
      ]);
    }
  }
  for (const e of [...p.endpoints4, ...p.endpoints6]) {
    const family = e.ip.includes(':') ? 6 : 4;
    add(`server ${e.ip} ${e.proto} ${e.port}`, CONNECT[family], 'permit', WEIGHT.endpoint, [
      { field: 'IP_REMOTE_ADDRESS', match: 'equal', value: e.ip },
      { field: 'IP_PROTOCOL', match: 'equal', value: e.proto },
      { field: 'IP_REMOTE_PORT', match: 'equal', value: e.port },
      ...(p.fwmark !== undefined ? [{ field: 'ALE_APP_ID', match: 'equal', value: 'tunnel-process' } as const] : []),
    ]);
  }
  addDns(p, add);
  for (const name of p.interfaces) {
    for (const family of p.allowIpv6InTunnel ? ([4, 6] as const) : ([4] as const)) {
      for (const layer of [CONNECT[family], ACCEPT[family]]) {
        add(`tunnel ${name}`, layer, 'permit', WEIGHT.tunnel, [
          { field: 'IP_LOCAL_INTERFACE', match: 'equal', value: name },
        ]);
      }
    }
  }
  addDhcpAndNd(add);
  for (const [family, ranges] of [
    [4, p.lan4],
    [6, p.lan6],
  ] as const) {
    for (const range of ranges) {
      for (const layer of [CONNECT[family], ACCEPT[family]]) {
        add(`local network ${range}`, layer, 'permit', WEIGHT.lan, [
          { field: 'IP_REMOTE_ADDRESS', match: 'equal', value: range },
        ]);
      }
    }
  }
  for (const family of [4, 6] as const) {
    for (const layer of [CONNECT[family], ACCEPT[family]])
      add('block everything else', layer, 'block', WEIGHT.block, []);
  }
  return {
    provider: { name: 'Holdfast' },
    sublayer: { name: 'Holdfast kill switch', weight: 0xffff },
    persistent: true,
    filters,
  };
}

type Add = (
  name: string,
  layer: WfpLayer,
  action: WfpFilter['action'],
  weight: number,
  conditions: WfpCondition[],
) => void;

function addDns(p: NormalizedPolicy, add: Add): void {
  for (const family of [4, 6] as const) {
    const servers = family === 4 ? p.dns4 : p.allowIpv6InTunnel ? p.dns6 : [];
    for (const name of p.interfaces) {
      for (const server of servers) {
        for (const port of DNS_PORTS) {
          add(`DNS ${server}:${port} through ${name}`, CONNECT[family], 'permit', WEIGHT.tunnelDns, [
            { field: 'IP_LOCAL_INTERFACE', match: 'equal', value: name },
            { field: 'IP_REMOTE_ADDRESS', match: 'equal', value: server },
            { field: 'IP_REMOTE_PORT', match: 'equal', value: port },
          ]);
        }
      }
    }
    for (const port of DNS_PORTS) {
      add(`DNS port ${port} outside the tunnel`, CONNECT[family], 'block', WEIGHT.dnsBlock, [
        { field: 'IP_REMOTE_PORT', match: 'equal', value: port },
      ]);
    }
  }
}

function addDhcpAndNd(add: Add): void {
  add('DHCP', CONNECT[4], 'permit', WEIGHT.dhcp, [
    { field: 'IP_PROTOCOL', match: 'equal', value: 'udp' },
    { field: 'IP_LOCAL_PORT', match: 'equal', value: 68 },
    { field: 'IP_REMOTE_PORT', match: 'equal', value: 67 },
  ]);
  add('DHCPv6', CONNECT[6], 'permit', WEIGHT.dhcp, [
    { field: 'IP_PROTOCOL', match: 'equal', value: 'udp' },
    { field: 'IP_LOCAL_PORT', match: 'equal', value: 546 },
    { field: 'IP_REMOTE_PORT', match: 'equal', value: 547 },
  ]);
  for (const type of ND_TYPES) {
    for (const layer of [CONNECT[6], ACCEPT[6]]) {
      add(`neighbour discovery (ICMPv6 ${type})`, layer, 'permit', WEIGHT.dhcp, [
        { field: 'IP_PROTOCOL', match: 'equal', value: 'icmpv6' },
        { field: 'ICMP_TYPE', match: 'equal', value: type },
      ]);
    }
  }
}
