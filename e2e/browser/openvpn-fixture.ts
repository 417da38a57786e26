import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Valid OpenVPN profiles for the scripted-tunnel specs, on documentation addresses that nothing here ever
 * contacts. The client certificate and key are the test material of the profile corpus.
 */
const CORPUS = path.resolve(
  import.meta.dirname,
  '../../main/core/profiles/__corpus__/valid/openvpn/fingerprint-only.ovpn',
);

function corpusParts(): { fingerprint: string; blocks: string } {
  const text = readFileSync(CORPUS, 'utf8');
  const fingerprint = /^peer-fingerprint .+$/m.exec(text)?.[0];
  const start = text.indexOf('<cert>');
  const end = text.indexOf('</key>');
  if (!fingerprint || start < 0 || end < 0) throw new Error(`${CORPUS} no longer has a fingerprint, <cert> and <key>`);
  return { fingerprint, blocks: text.slice(start, end + '</key>'.length) };
}

export interface OpenVpnFixtureOptions {
  /** What the profile allows for the data channel. */
  ciphers: 'modern' | 'blowfish';
  /** Ask for a username and password at connect time. */
  authUserPass?: boolean;
  /** Documentation addresses of the servers, in order (failover moves down the list), each on UDP 1194. */
  servers?: string[];
  /** Instead of `servers`: each remote with its own port and protocol (one server reached two ways). */
  remotes?: Array<{ host: string; port: number; proto: 'udp' | 'tcp' }>;
}

export function openvpnProfile(options: OpenVpnFixtureOptions): string {
  const { fingerprint, blocks } = corpusParts();
  const servers = options.servers ?? ['198.51.100.10'];
  const remotes = options.remotes?.map((r) => `remote ${r.host} ${r.port} ${r.proto}`);
  return [
    'client',
    'dev tun',
    'proto udp',
    ...(remotes ?? servers.map((ip) => `remote ${ip} 1194`)),
    'nobind',
    fingerprint,
    ...(options.ciphers === 'modern'
      ? ['data-ciphers AES-256-GCM:CHACHA20-POLY1305']
      : ['data-ciphers BF-CBC', 'cipher BF-CBC']),
    ...(options.authUserPass ? ['auth-user-pass'] : []),
    blocks,
    '',
  ].join('\n');
}
