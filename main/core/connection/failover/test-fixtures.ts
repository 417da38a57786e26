import type { OpenVpnProto } from '../../profiles/types';
import type { CatalogProfile } from './servers';
import type { Candidate, TransportProto, TunnelProtocol } from './types';

/** Small builders for failover tests: profiles with just the fields the catalog reads. */
export function wg(id: string, name: string, host: string, port = 51820, sourceFile = `${id}.conf`): CatalogProfile {
  return {
    id,
    name,
    kind: 'wireguard',
    sourceFile,
    peers: [{ publicKey: 'pk', allowedIps: ['0.0.0.0/0'], endpoint: { host, port } }],
  };
}

export function ovpn(
  id: string,
  name: string,
  remotes: [host: string, port: number, proto: OpenVpnProto][],
  sourceFile = `${id}.ovpn`,
): CatalogProfile {
  return {
    id,
    name,
    kind: 'openvpn',
    sourceFile,
    remotes: remotes.map(([host, port, proto]) => ({ host, port, proto })),
  };
}

export function cand(
  serverKey: string,
  protocol: TunnelProtocol,
  proto: TransportProto,
  port: number,
  profileId = `${serverKey}-${protocol}-${proto}-${port}`,
  endpointIndex = 0,
): Candidate {
  return { profileId, endpointIndex, serverKey, transport: { protocol, proto, port } };
}

export const wgc = (server: string, profileId?: string) => cand(server, 'wireguard', 'udp', 51820, profileId);
export const ou = (server: string, port = 1194, profileId?: string) => cand(server, 'openvpn', 'udp', port, profileId);
export const ot = (server: string, port = 443, profileId?: string) => cand(server, 'openvpn', 'tcp', port, profileId);

/** "server/transport" labels, for readable ordering tables. */
export function labels(list: readonly Candidate[]): string[] {
  return list.map(
    (c) => `${c.serverKey}/${c.transport.protocol === 'wireguard' ? 'wg' : `${c.transport.proto}${c.transport.port}`}`,
  );
}
