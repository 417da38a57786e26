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

export interface Candidate {
  profileId: string;
  /** Index into the profile's peers (WireGuard) or remotes (OpenVPN); passed to the driver as endpointIndex. */
  endpointIndex: number;
  serverKey: string;
  transport: Transport;
}

/** A candidate as shown in incidents and notifications: names resolved, nothing secret. */
export interface CandidateView extends Candidate {
  serverName: string;
  country: string | null;
  /** "WireGuard", "UDP 1194", "TCP 443". */
  transportLabel: string;
}

/** Unique per profile endpoint. */
export function candidateKey(c: Pick<Candidate, 'profileId' | 'endpointIndex'>): string {
  return `${c.profileId}#${c.endpointIndex}`;
}

export function transportKey(t: Transport): string {
  return `${t.protocol}-${t.proto}-${t.port}`;
}

/** What memory remembers: a (server, transport) pair, shared by every profile that reaches it that way. */
export function pairKey(c: Pick<Candidate, 'serverKey' | 'transport'>): string {
  return `${c.serverKey}|${transportKey(c.transport)}`;
}

export function transportLabel(t: Transport): string {
  if (t.protocol === 'wireguard') return t.port === 51820 ? 'WireGuard' : `WireGuard (UDP ${t.port})`;
  return `${t.proto.toUpperCase()} ${t.port}`;
}

export function sameCandidate(a: Candidate | null | undefined, b: Candidate | null | undefined): boolean {
  return !!a && !!b && a.profileId === b.profileId && a.endpointIndex === b.endpointIndex;
}
