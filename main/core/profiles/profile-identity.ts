import { createHash } from 'node:crypto';
import { formatHostPort } from './net-syntax';
import { serializeOpenVpn } from './serialize-openvpn';
import { serializeWireGuard } from './serialize-wireguard';
import type { OpenVpnProfile, ParsedProfile, Profile, WireGuardProfile } from './types';

/** Canonical text of a parsed profile (secrets included): what duplicate detection hashes. */
export function canonicalProfileText(parsed: ParsedProfile): string {
  return parsed.profile.kind === 'wireguard'
    ? serializeWireGuard(parsed as ParsedProfile<WireGuardProfile>)
    : serializeOpenVpn(parsed as ParsedProfile<OpenVpnProfile>);
}

export function profileContentHash(parsed: ParsedProfile): string {
  return createHash('sha256')
    .update(`${parsed.profile.kind}\n${canonicalProfileText(parsed)}`)
    .digest('hex');
}

/** "host:port/proto" of every endpoint, sorted: what makes two profiles the same server address. */
export function endpointKeys(
  profile: Pick<Profile, 'kind'> & Partial<Pick<WireGuardProfile, 'peers'>> & Partial<Pick<OpenVpnProfile, 'remotes'>>,
): string[] {
  const keys =
    profile.kind === 'wireguard'
      ? (profile.peers ?? []).flatMap((p) =>
          p.endpoint ? [`${formatHostPort(p.endpoint.host.toLowerCase(), p.endpoint.port)}/udp`] : [],
        )
      : (profile.remotes ?? []).map((r) => `${formatHostPort(r.host.toLowerCase(), r.port)}/${r.proto}`);
  return keys.sort();
}
