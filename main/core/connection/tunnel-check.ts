import { addressScope, contains, firstHost, ipFamily, parseCidr, sameAddress } from '../net/ip';

/**
 * How Holdfast knows a tunnel carries data: the plan of addresses to ask through it, and what the answer
 * (or its absence) proved. Pure: the launcher and the watch run the probes; this file decides whom to ask
 * and what a silence means.
 *
 * Any answer that comes back through the tunnel proves data flows both ways: a DNS reply (even NXDOMAIN), a
 * TCP handshake or reset, an ICMP echo reply. No single kind is required, because servers differ in what they
 * let through (many drop ICMP arriving through the tunnel; some run no resolver).
 */

/** Where a target came from, strongest claim first. */
export type CheckRole = 'your-target' | 'tunnel-dns' | 'gateway' | 'likely-gateway' | 'public-resolver';
export type EvidenceKind = 'dns-answer' | 'tcp-answer' | 'ping-reply';

export interface CheckTarget {
  address: string;
  role: CheckRole;
}

export interface CheckPlan {
  targets: CheckTarget[];
  /**
   * The profile or the user named an address behind the server: when none of them answers, the tunnel is
   * not carrying data. Guessed gateways and public resolvers prove data when they answer, but their silence
   * alone never refuses a connection.
   */
  required: boolean;
}

/** What the window and `status` show: how strongly the current tunnel was checked, and by what. */
export interface TunnelCheck {
  strength: 'data-verified' | 'handshake-only';
  evidence?: { kind: EvidenceKind; address: string; role: CheckRole };
}

export interface PlanInput {
  /** health.probeTarget: the user's own address behind the server, '' for none. */
  probeTarget: string;
  /** The tunnel's DNS servers (WireGuard `DNS =`, OpenVPN pushed). */
  dns: string[];
  /** The driver's own guess at the server's side of the tunnel (OpenVPN gateway, first host of the subnet). */
  gateway?: string;
  /** The tunnel's own addresses with prefixes (WireGuard `Address =`). */
  addresses: string[];
  /** What the tunnel carries (WireGuard AllowedIPs); undefined when not known (the server pushes routes). */
  routes?: string[];
  /** settings.health.publicResolvers, when switched on. */
  publicResolvers: string[];
}

/**
 * Whom to ask through the tunnel. Only addresses the tunnel carries are asked: a probe that left by the
 * local network could be answered there and prove nothing. Public resolvers are asked only where the tunnel
 * is known to carry them (a WireGuard full tunnel); OpenVPN always has a pushed gateway to ask instead.
 */
export function planCheck(input: PlanInput): CheckPlan {
  const targets: CheckTarget[] = [];
  const carried = (address: string): boolean => input.routes === undefined || covers(input.routes, address);
  const add = (address: string | undefined, role: CheckRole): void => {
    if (!address || ipFamily(address) === undefined || !carried(address)) return;
    if (targets.some((t) => sameAddress(t.address, address))) return;
    if (input.addresses.some((a) => sameAddress(parseCidr(a)?.address ?? '', address))) return;
    targets.push({ address, role });
  };
  add(input.probeTarget, 'your-target');
  // Where the routes are the server's to push, a public resolver it names may well be reached around the
  // tunnel and answer from there; a private one can only be behind the server.
  for (const server of input.dns) {
    if (input.routes !== undefined || addressScope(server) === 'private') add(server, 'tunnel-dns');
  }
  add(input.gateway, 'gateway');
  const required = targets.length > 0;
  if (!required) for (const address of input.addresses) add(likelyGateway(address), 'likely-gateway');
  if (input.routes !== undefined) for (const resolver of input.publicResolvers) add(resolver, 'public-resolver');
  return { targets, required };
}

/**
 * Where the server usually sits when the profile gives a single address (`10.66.66.2/32`): the first host
 * of the surrounding /24 (IPv4) or /64 (IPv6), as the common install scripts and providers number it.
 */
export function likelyGateway(cidrText: string): string | undefined {
  const cidr = parseCidr(cidrText);
  if (!cidr || cidr.prefix < (cidr.family === 4 ? 32 : 128)) return undefined;
  const guess = firstHost({ ...cidr, prefix: cidr.family === 4 ? 24 : 64 });
  return guess === undefined || sameAddress(guess, cidr.address) ? undefined : guess;
}

function covers(routes: string[], address: string): boolean {
  return routes.some((route) => {
    const range = parseCidr(route);
    return range !== undefined && contains(range, address);
  });
}

/** One question to ask through the tunnel; TCP probes carry their port. */
export interface Probe {
  kind: EvidenceKind;
  target: CheckTarget;
  port?: number;
}

export const DNS_PORT = 53;
export const HTTPS_PORT = 443;

/**
 * The questions for one round. A DNS query needs a socket the routes carry, so it is asked only through a
 * full tunnel; a probe tunnel (failover racing) has no routes, and its TCP and ICMP probes are bound to its
 * device. DNS (UDP and TCP 53) goes only to the tunnel's own resolvers: the kill switch lets DNS reach no
 * other address. Every other question is TCP 443: a public resolver accepts (DNS over HTTPS), and any other
 * host answers with a reset, which proves just as well that data came back.
 */
export function probesFor(plan: CheckPlan, options: { bound: boolean }): Probe[] {
  const probes: Probe[] = [];
  for (const target of plan.targets) {
    const dns = target.role === 'tunnel-dns';
    if (dns && !options.bound) probes.push({ kind: 'dns-answer', target });
    probes.push({ kind: 'tcp-answer', target, port: dns ? DNS_PORT : HTTPS_PORT });
    probes.push({ kind: 'ping-reply', target });
  }
  return probes;
}

/** Asks every probe at once; the first answer wins, null when none answered. Probes must not throw. */
export function firstAnswer(probes: Probe[], ask: (probe: Probe) => Promise<boolean>): Promise<Probe | null> {
  if (probes.length === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    let pending = probes.length;
    for (const probe of probes) {
      void ask(probe)
        .catch(() => false)
        .then((ok) => {
          pending -= 1;
          if (ok) resolve(probe);
          else if (pending === 0) resolve(null);
        });
    }
  });
}

/** A plain-English line for logs and `holdfast status`. */
export function describeCheck(check: TunnelCheck): string {
  if (check.strength === 'handshake-only' || !check.evidence) {
    return 'handshake only (nothing behind the server to check data with)';
  }
  const { kind, address, role } = check.evidence;
  return `data verified: ${KIND_TEXT[kind]} from ${address} (${ROLE_TEXT[role]})`;
}

const KIND_TEXT: Record<EvidenceKind, string> = {
  'dns-answer': 'a DNS answer',
  'tcp-answer': 'a TCP answer',
  'ping-reply': 'a ping reply',
};

const ROLE_TEXT: Record<CheckRole, string> = {
  'your-target': 'your probe target',
  'tunnel-dns': "the tunnel's DNS server",
  gateway: "the server's tunnel address",
  'likely-gateway': "the server's likely tunnel address",
  'public-resolver': 'a public resolver through the tunnel',
};
