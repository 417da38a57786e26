import { parseOpenVpn } from '../../profiles/parse-openvpn';
import { parseWireGuard } from '../../profiles/parse-wireguard';
import { pem, wgKeyPair } from '../../profiles/test-support';
import type { OpenVpnProfile, ParsedProfile, Profile, WireGuardProfile } from '../../profiles/types';

/** Test profiles as the store holds them (metadata added), with their secrets. */
export function storedWireGuard(): { profile: WireGuardProfile; secrets: Record<string, string> } {
  const text = [
    '[Interface]',
    `PrivateKey = ${wgKeyPair().privateKey}`,
    'Address = 10.64.0.2/32',
    'DNS = 10.64.0.1',
    '',
    '[Peer]',
    `PublicKey = ${wgKeyPair().publicKey}`,
    'AllowedIPs = 0.0.0.0/0',
    'Endpoint = 198.51.100.7:51820',
    '',
  ].join('\n');
  const parsed = parseWireGuard(text, 'tokyo.conf');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return stored(parsed.value, 'tokyo') as { profile: WireGuardProfile; secrets: Record<string, string> };
}

export async function storedOpenVpn(): Promise<{ profile: OpenVpnProfile; secrets: Record<string, string> }> {
  const text = [
    'client',
    'dev tun',
    'remote 198.51.100.8 1194 udp',
    'auth-user-pass',
    'data-ciphers AES-256-GCM',
    '<tls-crypt>',
    '-----BEGIN OpenVPN Static key V1-----',
    ...Array.from({ length: 16 }, () => 'ab'.repeat(16)),
    '-----END OpenVPN Static key V1-----',
    '</tls-crypt>',
    '<ca>',
    pem.ca.trimEnd(),
    '</ca>',
    '',
  ].join('\n');
  const parsed = await parseOpenVpn(text, 'osaka.ovpn');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return stored(parsed.value, 'osaka') as { profile: OpenVpnProfile; secrets: Record<string, string> };
}

function stored(parsed: ParsedProfile, id: string): { profile: Profile; secrets: Record<string, string> } {
  const profile = {
    ...parsed.profile,
    id,
    name: id,
    sourceFile: `${id}.conf`,
    contentHash: 'x'.repeat(64),
    importedAt: '2025-01-01T00:00:00.000Z',
  } as Profile;
  return { profile, secrets: parsed.secrets };
}
