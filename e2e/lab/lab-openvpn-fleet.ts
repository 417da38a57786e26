import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Lab, LabServer } from './lab';
import { createLabPki, type LabPki } from './openvpn-pki';
import { LAB_PASSWORD, LAB_USERNAME, startOpenVpnServer, type OpenVpnLabServer } from './openvpn-servers';

/**
 * Every lab server offering OpenVPN next to its WireGuard: UDP 1194 and TCP 443, both pushing a full
 * tunnel, as a provider's server would. Registers the endpoints with the lab (so tunnel traffic is not
 * counted as a leak) and writes the client .ovpn files a provider would hand out, plus a credentials
 * file (username, password) for `holdfast --credentials` and `openvpn --auth-user-pass`.
 */
export const OPENVPN_UDP_PORT = 1194;
export const OPENVPN_TCP_PORT = 443;

export interface FleetEntry {
  server: LabServer;
  proto: 'udp' | 'tcp';
  port: number;
  openvpn: OpenVpnLabServer;
  /** A client .ovpn for just this server and transport. */
  ovpnPath: string;
}

export interface OpenVpnFleet {
  pki: LabPki;
  entries: FleetEntry[];
  credentialsPath: string;
  stop(): Promise<void>;
}

export async function startOpenVpnFleet(lab: Lab, servers: LabServer[] = lab.servers): Promise<OpenVpnFleet> {
  const pki = await createLabPki(path.join(lab.dir, 'pki'));
  const credentialsPath = path.join(lab.dir, 'openvpn-credentials.txt');
  await fs.writeFile(credentialsPath, `${LAB_USERNAME}\n${LAB_PASSWORD}\n`, { mode: 0o600 });
  const entries: FleetEntry[] = [];
  const fleet: OpenVpnFleet = {
    pki,
    entries,
    credentialsPath,
    stop: async () => {
      for (const entry of entries) await entry.openvpn.stop().catch(() => undefined);
    },
  };
  try {
    for (const [proto, port] of [
      ['udp', OPENVPN_UDP_PORT],
      ['tcp', OPENVPN_TCP_PORT],
    ] as const) {
      for (const server of servers) {
        // Subnets 1..n for UDP, n+1..2n for TCP: 10.98.<subnet>.0/24 each.
        const subnet = proto === 'udp' ? server.index : lab.servers.length + server.index;
        const openvpn = await startOpenVpnServer(lab, server, pki, {
          subnet,
          proto,
          port,
          certificate: 'ec',
          dataCiphers: 'AES-256-GCM:CHACHA20-POLY1305',
          pushRedirectGateway: true,
        });
        const ovpnPath = path.join(lab.dir, `${server.name}-${proto}.ovpn`);
        await fs.writeFile(ovpnPath, renderClientOvpn(pki, [{ host: server.underlayIp, port, proto }]), {
          mode: 0o600,
        });
        entries.push({ server, proto, port, openvpn, ovpnPath });
      }
    }
    await lab.addEndpoints(entries.map((e) => ({ ip: e.server.underlayIp, proto: e.proto, port: e.port })));
    return fleet;
  } catch (err) {
    await fleet.stop();
    throw err;
  }
}

export interface OvpnRemote {
  host: string;
  port: number;
  proto: 'udp' | 'tcp';
}

/** A client profile as providers ship them; `extra` lines go before the inline keys. */
export function renderClientOvpn(pki: LabPki, remotes: OvpnRemote[], extra: string[] = []): string {
  const first = remotes[0];
  if (!first) throw new Error('a client profile needs at least one remote');
  return [
    'client',
    'dev tun',
    `proto ${first.proto}`,
    ...remotes.map((r) => `remote ${r.host} ${r.port} ${r.proto === 'tcp' ? 'tcp-client' : 'udp'}`),
    'nobind',
    'remote-cert-tls server',
    'auth-user-pass',
    ...extra,
    `<ca>\n${pki.caCert.trim()}\n</ca>`,
    `<cert>\n${pki.clientCert.trim()}\n</cert>`,
    `<key>\n${pki.clientKey.trim()}\n</key>`,
    `<tls-crypt>\n${pki.tlsCryptKey.trim()}\n</tls-crypt>`,
    '',
  ].join('\n');
}
