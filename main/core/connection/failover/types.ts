import { DISGUISE_NAMES, type DisguiseKind } from '../../disguise/types';

/**
 * The vocabulary of failover. A server is a place (usually one host); a transport is how we reach it
 * (WireGuard over UDP, OpenVPN over UDP or TCP, on a port). A candidate is one concrete way to connect:
 * a profile, which of its endpoints, the server it reaches and the transport it uses.
 */
export type TunnelProtocol = 'wireguard' | 'openvpn';
export type TransportProto = 'udp' | 'tcp';

export interface Transport {
  protocol: TunnelProtocol;
  proto: TransportProto;
  port: number;
}

/** The disguise a candidate is wrapped in (docs/disguise.md); absent for a plain route. */
export interface CandidateDisguise {
  id: string;
  kind: DisguiseKind;
}

export interface Candidate {
  profileId: string;
  /**
   * Index into the profile's peers that have an endpoint (WireGuard) or its remotes (OpenVPN); passed to the driver
   * as endpointIndex.
   */
  endpointIndex: number;
  serverKey: string;
  transport: Transport;
  /** Set for a disguised route: the same endpoint reached through a disguise program. */
  disguise?: CandidateDisguise;
}

/** A candidate as shown in incidents and notifications: names resolved, nothing secret. */
export interface CandidateView extends Candidate {
  serverName: string;
  country: string | null;
  /** "WireGuard", "UDP 1194", "TCP 443"; a disguised route says its disguise first: "Shadowsocks · WireGuard". */
  transportLabel: string;
}

/** Unique per profile endpoint, and per disguise around it. */
export function candidateKey(c: Pick<Candidate, 'profileId' | 'endpointIndex' | 'disguise'>): string {
  return `${c.profileId}#${c.endpointIndex}${c.disguise ? `~${c.disguise.id}` : ''}`;
}

export function transportKey(t: Transport): string {
  return `${t.protocol}-${t.proto}-${t.port}`;
}

/**
 * What memory remembers: a (server, transport) pair, shared by every profile that reaches it that way. A
 * disguised route is its own pair (after the last `|`, so the server key stays what precedes it).
 */
export function pairKey(c: Pick<Candidate, 'serverKey' | 'transport' | 'disguise'>): string {
  return `${c.serverKey}|${transportKey(c.transport)}${c.disguise ? `~${c.disguise.id}` : ''}`;
}

export function transportLabel(t: Transport, disguise?: CandidateDisguise): string {
  const plain = t.protocol === 'wireguard' ? (t.port === 51820 ? 'WireGuard' : `WireGuard (UDP ${t.port})`) : null;
  const label = plain ?? `${t.proto.toUpperCase()} ${t.port}`;
  return disguise ? `${DISGUISE_NAMES[disguise.kind]} · ${label}` : label;
}

export function disguiseName(kind: DisguiseKind): string {
  return DISGUISE_NAMES[kind];
}

export function sameCandidate(a: Candidate | null | undefined, b: Candidate | null | undefined): boolean {
  return (
    !!a &&
    !!b &&
    a.profileId === b.profileId &&
    a.endpointIndex === b.endpointIndex &&
    a.disguise?.id === b.disguise?.id
  );
}
