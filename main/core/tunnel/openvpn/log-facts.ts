import { isDnsServer, isSearchDomain } from '../../net/dns-values';
import { firstHost, ipFamily, prefixFromMask } from '../../net/ip';
import type { NegotiatedSecurity } from '../driver';

/**
 * Facts OpenVPN only tells through its log (verb 3): the negotiated TLS and data-channel parameters,
 * the options the server pushed, and the routes it added. Wording varies across 2.4-2.6 and between
 * OpenSSL and mbed TLS builds, so every parser here is lenient and returns undefined when unsure.
 */
export interface ControlChannelFacts {
  controlTlsVersion?: string;
  controlSuite?: string;
  peerCertificate?: { type: string; bits: number };
  temporaryKey?: string;
}

/**
 * "Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 256 bits
 * ECprime256v1, signature: ecdsa-with-SHA256, peer temporary key: 253 bits X25519" (2.6), or
 * "Control Channel: TLSv1.2, cipher TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384, 2048 bit RSA" (2.4).
 */
export function parseControlChannelLine(message: string): ControlChannelFacts | undefined {
  const m = /^Control Channel: ([^,]+), cipher (\S+) (\S+?)(?:,|$)(.*)$/.exec(message.trim());
  if (!m) return undefined;
  const facts: ControlChannelFacts = { controlTlsVersion: m[1]?.trim(), controlSuite: m[3] };
  const rest = m[4] ?? '';
  const cert =
    /peer certificate: (\d+) bits? ([^,]+(?:, curve [^,]+)?)/.exec(rest) ?? /^\s*(\d+) bits? ([^,]+)/.exec(rest);
  if (cert) facts.peerCertificate = { bits: Number(cert[1]), type: (cert[2] ?? '').trim() };
  const temp = /peer temporary key: ([^,]+(?:, curve [^,]+)?)/.exec(rest);
  if (temp) facts.temporaryKey = (temp[1] ?? '').trim();
  return facts;
}

export interface DataChannelFacts {
  dataCipher?: string;
  dataAuth?: string;
}

/**
 * "Data Channel: cipher 'AES-256-GCM', peer-id: 0" / "Data Channel: cipher 'AES-256-CBC', auth 'SHA256'"
 * (2.6), or the 2.4/2.5 "Outgoing Data Channel: Cipher 'AES-256-GCM' initialized with 256 bit key" and
 * "Outgoing Data Channel: Using 160 bit message hash 'SHA1' for HMAC authentication".
 */
export function parseDataChannelLine(message: string): DataChannelFacts | undefined {
  const text = message.trim();
  const modern = /^Data Channel: cipher '([^']+)'(?:, auth '([^']+)')?/.exec(text);
  if (modern) {
    const facts: DataChannelFacts = { dataCipher: modern[1] };
    if (modern[2] !== undefined) facts.dataAuth = modern[2];
    return facts;
  }
  const cipher = /^Outgoing Data Channel: Cipher '([^']+)' initialized/.exec(text);
  if (cipher) return { dataCipher: cipher[1] };
  const hmac = /^Outgoing Data Channel: Using \d+ bit message hash '([^']+)' for HMAC/.exec(text);
  if (hmac) return { dataAuth: hmac[1] };
  return undefined;
}

export interface PushReply {
  options: string[];
  routeGateway?: string;
  ifconfig?: { local: string; second: string };
  ifconfigIpv6?: { local: string; remote?: string };
  topology?: string;
  dns: string[];
  dnsDomains: string[];
  redirectGateway: boolean;
  cipher?: string;
}

/** "PUSH: Received control message: 'PUSH_REPLY,route-gateway 10.8.0.1,ifconfig 10.8.0.2 255.255.255.0,...'" */
export function parsePushReply(message: string): PushReply | undefined {
  const m = /PUSH: Received control message: '(PUSH_REPLY,.*)'\s*$/.exec(message.trim());
  if (!m) return undefined;
  const options = (m[1] ?? '')
    .split(',')
    .slice(1)
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const reply: PushReply = { options, dns: [], dnsDomains: [], redirectGateway: false };
  for (const option of options) {
    const [name, ...args] = option.split(/\s+/);
    switch (name) {
      case 'route-gateway':
        if (args[0] && args[0] !== 'dhcp') reply.routeGateway = args[0];
        break;
      case 'ifconfig':
        if (args[0] && args[1]) reply.ifconfig = { local: args[0], second: args[1] };
        break;
      case 'ifconfig-ipv6':
        if (args[0]) reply.ifconfigIpv6 = { local: args[0], remote: args[1] };
        break;
      case 'topology':
        reply.topology = args[0];
        break;
      case 'redirect-gateway':
        reply.redirectGateway = true;
        break;
      case 'cipher':
        reply.cipher = args[0];
        break;
      // What the server says about DNS reaches root's resolver setup: only IP literals and DNS names are
      // kept; anything else (a value starting with `-`, a path, a second word) is dropped here.
      case 'dhcp-option':
        if ((args[0] === 'DNS' || args[0] === 'DNS6') && args.length === 2 && isDnsServer(args[1] ?? '')) {
          reply.dns.push(args[1] ?? '');
        }
        if (
          (args[0] === 'DOMAIN' || args[0] === 'DOMAIN-SEARCH') &&
          args.length === 2 &&
          isSearchDomain(args[1] ?? '')
        ) {
          reply.dnsDomains.push(args[1] ?? '');
        }
        break;
      case 'dns':
        // 2.6 "dns server <n> address <addr> [addr...]" and "dns search-domains <d> [d...]"
        if (args[0] === 'server' && args[2] === 'address')
          reply.dns.push(...args.slice(3).map(stripPort).filter(isDnsServer));
        if (args[0] === 'search-domains') reply.dnsDomains.push(...args.slice(1).filter(isSearchDomain));
        break;
      default:
        break;
    }
  }
  reply.dns = [...new Set(reply.dns)];
  reply.dnsDomains = [...new Set(reply.dnsDomains)];
  return reply;
}

/** "10.8.0.1:53" -> "10.8.0.1", "[fd00::1]:53" -> "fd00::1"; bare IPv6 stays as it is. */
function stripPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1] ?? address;
  const v4 = /^(\d+\.\d+\.\d+\.\d+)(?::\d+)?$/.exec(address);
  return v4 ? (v4[1] ?? address) : address;
}

/**
 * The address to probe through the tunnel: the pushed route-gateway; else, with a netmask (subnet
 * topology), the first host of the subnet; else (net30/p2p) the remote end of the point-to-point link.
 */
export function probeTargetFromPush(push: PushReply): string | undefined {
  if (push.routeGateway) return push.routeGateway;
  if (push.ifconfig) {
    const { local, second } = push.ifconfig;
    if (ipFamily(local) !== 4 || ipFamily(second) !== 4) return undefined;
    const isMask = push.topology === 'subnet' || second.startsWith('255.');
    if (!isMask) return second;
    const prefix = prefixFromMask(second);
    if (prefix === undefined) return undefined;
    const first = firstHost({ family: 4, address: local, prefix });
    return first === undefined || first === local ? undefined : first;
  }
  return push.ifconfigIpv6?.remote;
}

export interface RouteChange {
  op: 'add' | 'del';
  family: 4 | 6;
  destination: string;
  gateway?: string;
  device?: string;
}

/** "net_route_v4_add: 1.2.3.4/32 via 192.168.1.1 dev [NULL] table 0 metric -1" */
export function parseRouteChange(message: string): RouteChange | undefined {
  const m = /^net_route_v([46])_(add|del): (\S+)(?: via (\S+))?(?: dev (\S+))?/.exec(message.trim());
  if (!m) return undefined;
  const change: RouteChange = { op: m[2] as 'add' | 'del', family: m[1] === '6' ? 6 : 4, destination: m[3] ?? '' };
  if (m[4] && m[4] !== '0.0.0.0' && m[4] !== '::') change.gateway = m[4];
  if (m[5] && m[5] !== '[NULL]') change.device = m[5];
  return change;
}

/** Removes anything credential-like before a log line leaves the driver. */
export function redactLogMessage(message: string): string {
  return message
    .replace(/(auth-token(?:-user)?)\s+[^,'\s]+/g, '$1 [redacted]')
    .replace(/(CMD '(?:username|password|challenge)\b)[^']*'/g, "$1 [redacted]'");
}

export function tlsWrapFromOptions(blockNames: Iterable<string>): NegotiatedSecurity['tlsWrap'] {
  const names = new Set(blockNames);
  if (names.has('tls-crypt-v2')) return 'tls-crypt-v2';
  if (names.has('tls-crypt')) return 'tls-crypt';
  if (names.has('tls-auth')) return 'tls-auth';
  return 'none';
}
