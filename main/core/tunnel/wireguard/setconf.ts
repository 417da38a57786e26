import { HoldfastError } from '../../errors';
import type { Endpoint, WireGuardPeer, WireGuardProfile } from '../../profiles/types';
import { isIpAddress, parseCidr } from '../../net/ip';

/**
 * The config handed to `wg setconf`: wg's own format, which knows only device and peer keys. Address,
 * DNS and MTU are applied by Holdfast with `ip`, never through a file, and nothing from the imported file
 * is copied verbatim, so no hook or unknown key can reach a binary.
 */
export interface SetconfOptions {
  /** Which endpoint-bearing peer to use when the profile lists several (failover picks; default 0). */
  endpointIndex?: number;
  /** Marks the tunnel's own UDP packets so full-tunnel policy routing can let them out. */
  fwmark?: number;
  /** Connect the selected peer to this address instead of its host name (resolved and pinned by Holdfast). */
  endpointAddress?: string;
}

const KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const HOST = /^[A-Za-z0-9.:-]+$/;

export function selectPeers(
  profile: WireGuardProfile,
  endpointIndex = 0,
): { peers: WireGuardPeer[]; primary: WireGuardPeer } {
  const withEndpoint = profile.peers.filter((peer) => peer.endpoint);
  const first = profile.peers[0];
  if (!first) throw new HoldfastError('tunnel-failed', `Profile "${profile.name}" has no [Peer] section`);
  if (withEndpoint.length <= 1) {
    if (endpointIndex > 0) {
      throw new HoldfastError('tunnel-failed', `Profile "${profile.name}" has no endpoint number ${endpointIndex + 1}`);
    }
    return { peers: profile.peers, primary: withEndpoint[0] ?? first };
  }
  const chosen = withEndpoint[endpointIndex];
  if (!chosen) {
    throw new HoldfastError('tunnel-failed', `Profile "${profile.name}" has no endpoint number ${endpointIndex + 1}`);
  }
  // Several servers in one profile usually route the same addresses: use one of them at a time.
  return { peers: profile.peers.filter((peer) => peer === chosen || !peer.endpoint), primary: chosen };
}

export function formatEndpoint(endpoint: Endpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host.replace(/^\[|\]$/g, '')}]` : endpoint.host;
  return `${host}:${endpoint.port}`;
}

export function renderSetconf(
  profile: WireGuardProfile,
  secrets: Record<string, string>,
  options: SetconfOptions = {},
): string {
  const where = `profile "${profile.name}"`;
  const privateKey = secrets[profile.interface.privateKey];
  if (!privateKey || !KEY.test(privateKey)) {
    throw new HoldfastError('tunnel-failed', `The private key of ${where} is missing or damaged in its sealed secrets`);
  }
  const lines = ['[Interface]', `PrivateKey = ${privateKey}`];
  const { listenPort } = profile.interface;
  if (listenPort !== undefined) lines.push(`ListenPort = ${integer(listenPort, 0, 65535, 'ListenPort', where)}`);
  if (options.fwmark !== undefined) lines.push(`FwMark = ${integer(options.fwmark, 1, 0xffffffff, 'FwMark', where)}`);

  if (options.endpointAddress !== undefined && !isIpAddress(options.endpointAddress)) {
    throw new HoldfastError('internal', `The pinned server address "${options.endpointAddress}" is not an IP address`);
  }
  const { peers, primary } = selectPeers(profile, options.endpointIndex);
  for (const peer of peers) {
    lines.push('', '[Peer]');
    if (!KEY.test(peer.publicKey))
      throw new HoldfastError('tunnel-failed', `A peer of ${where} has an invalid PublicKey`);
    lines.push(`PublicKey = ${peer.publicKey}`);
    if (peer.presharedKey !== undefined) {
      const psk = secrets[peer.presharedKey];
      if (!psk || !KEY.test(psk)) {
        throw new HoldfastError(
          'tunnel-failed',
          `The preshared key of ${where} is missing or damaged in its sealed secrets`,
        );
      }
      lines.push(`PresharedKey = ${psk}`);
    }
    const allowed = peer.allowedIps.map((ip) => ip.trim()).filter((ip) => ip.length > 0);
    if (allowed.some((ip) => parseCidr(ip) === undefined)) {
      throw new HoldfastError('tunnel-failed', `A peer of ${where} has an invalid AllowedIPs entry`);
    }
    if (allowed.length > 0) lines.push(`AllowedIPs = ${allowed.join(', ')}`);
    if (peer.endpoint) {
      if (!HOST.test(peer.endpoint.host.replace(/^\[|\]$/g, ''))) {
        throw new HoldfastError('tunnel-failed', `A peer of ${where} has an invalid Endpoint host`);
      }
      integer(peer.endpoint.port, 1, 65535, 'Endpoint port', where);
      const pinned = peer === primary && options.endpointAddress !== undefined;
      lines.push(
        `Endpoint = ${formatEndpoint(pinned ? { host: options.endpointAddress ?? '', port: peer.endpoint.port } : peer.endpoint)}`,
      );
    }
    if (peer.persistentKeepalive !== undefined && peer.persistentKeepalive > 0) {
      lines.push(`PersistentKeepalive = ${integer(peer.persistentKeepalive, 1, 65535, 'PersistentKeepalive', where)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function integer(value: number, min: number, max: number, field: string, where: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HoldfastError('tunnel-failed', `${field} of ${where} must be a whole number from ${min} to ${max}`);
  }
  return value;
}
