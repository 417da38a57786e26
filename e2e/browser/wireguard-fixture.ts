import { generateKeyPairSync } from 'node:crypto';

/** A fresh X25519 key pair in WireGuard's base64 form. */
function keyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const priv = privateKey.export({ format: 'jwk' }).d ?? '';
  const pub = publicKey.export({ format: 'jwk' }).x ?? '';
  const b64 = (url: string) => Buffer.from(url, 'base64url').toString('base64');
  return { privateKey: b64(priv), publicKey: b64(pub) };
}

/**
 * A valid WireGuard profile for documentation addresses (never contacted by these specs). With `postUp`,
 * a PostUp hook sits on the returned `hookLine`, which import must refuse.
 */
export function wireguardProfile(options: { postUp?: boolean } = {}): { text: string; hookLine: number | null } {
  const lines = [
    '[Interface]',
    `PrivateKey = ${keyPair().privateKey}`,
    'Address = 10.66.0.2/32',
    'DNS = 10.66.0.1',
    ...(options.postUp ? ['PostUp = touch /tmp/holdfast-should-never-exist'] : []),
    '',
    '[Peer]',
    `PublicKey = ${keyPair().publicKey}`,
    'AllowedIPs = 0.0.0.0/0',
    'Endpoint = 192.0.2.10:51820',
    'PersistentKeepalive = 25',
    '',
  ];
  const hook = lines.findIndex((l) => l.startsWith('PostUp'));
  return { text: lines.join('\n'), hookLine: hook >= 0 ? hook + 1 : null };
}
