import type { WireGuardProfile } from '../../main/core/profiles/types';
import type { LabServer } from './lab-server-types';

/**
 * The client .conf a provider would hand out for a lab server; `dns: false` leaves the DNS line out, as
 * self-hosted servers' files often do.
 */
export function renderClientConf(wg: LabServer['wireguard'], options: { dns?: boolean } = {}): string {
  return [
    '[Interface]',
    `PrivateKey = ${wg.clientPrivateKey}`,
    `Address = ${wg.clientAddress}`,
    ...(options.dns === false ? [] : [`DNS = ${wg.dns}`]),
    '',
    '[Peer]',
    `PublicKey = ${wg.serverPublicKey}`,
    'AllowedIPs = 0.0.0.0/0',
    `Endpoint = ${wg.endpoint.host}:${wg.endpoint.port}`,
    'PersistentKeepalive = 25',
    '',
  ].join('\n');
}

/** The stored profile the parser would make of that .conf, for driving a driver without the parser. */
export function labWireGuardProfile(server: LabServer): { profile: WireGuardProfile; secrets: Record<string, string> } {
  const wg = server.wireguard;
  return {
    profile: {
      id: `lab-${server.name}`,
      name: server.name,
      kind: 'wireguard',
      sourceFile: `${server.name}.conf`,
      contentHash: `lab-${server.name}`,
      importedAt: new Date(0).toISOString(),
      warnings: [],
      interface: {
        privateKey: 'interface.privateKey',
        publicKey: wg.clientPublicKey,
        addresses: [wg.clientAddress],
        dns: [wg.dns],
        dnsSearch: [],
      },
      peers: [
        {
          publicKey: wg.serverPublicKey,
          allowedIps: ['0.0.0.0/0'],
          endpoint: wg.endpoint,
          persistentKeepalive: 25,
        },
      ],
    },
    secrets: { 'interface.privateKey': wg.clientPrivateKey },
  };
}
