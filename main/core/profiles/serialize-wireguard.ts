import { formatHostPort } from './net-syntax';
import type { ParsedProfile, WireGuardProfile } from './types';

/**
 * Writes a parsed WireGuard profile back as a wg-quick style `.conf` that parseWireGuard reads to the same
 * profile (secret values included, so the text is as sensitive as the user's file). Used for the
 * canonical form behind duplicate detection and for round-trip tests; drivers generate their own config.
 */
export function serializeWireGuard(parsed: ParsedProfile<WireGuardProfile>): string {
  const { interface: iface, peers } = parsed.profile;
  const lines = ['[Interface]', `PrivateKey = ${secret(parsed, iface.privateKey)}`];
  if (iface.addresses.length > 0) lines.push(`Address = ${iface.addresses.join(', ')}`);
  const dns = [...iface.dns, ...iface.dnsSearch];
  if (dns.length > 0) lines.push(`DNS = ${dns.join(', ')}`);
  if (iface.mtu !== undefined) lines.push(`MTU = ${iface.mtu}`);
  if (iface.listenPort !== undefined) lines.push(`ListenPort = ${iface.listenPort}`);
  for (const peer of peers) {
    lines.push('', '[Peer]', `PublicKey = ${peer.publicKey}`);
    if (peer.presharedKey) lines.push(`PresharedKey = ${secret(parsed, peer.presharedKey)}`);
    if (peer.allowedIps.length > 0) lines.push(`AllowedIPs = ${peer.allowedIps.join(', ')}`);
    if (peer.endpoint) lines.push(`Endpoint = ${formatHostPort(peer.endpoint.host, peer.endpoint.port)}`);
    if (peer.persistentKeepalive !== undefined) lines.push(`PersistentKeepalive = ${peer.persistentKeepalive}`);
  }
  return `${lines.join('\n')}\n`;
}

function secret(parsed: ParsedProfile, ref: string): string {
  const value = parsed.secrets[ref];
  if (value === undefined) throw new Error(`The profile refers to a secret it does not hold (${ref})`);
  return value;
}
