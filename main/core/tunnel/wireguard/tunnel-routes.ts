import { HoldfastError } from '../../errors';
import { CommandFailedError } from '../../system/process-runner';
import { applyChange } from '../../system/system-change';
import { isDefaultRoute, parseCidr, type Cidr } from '../../net/ip';
import { applyDns } from './dns';
import {
  findFreePolicyRouting,
  fullTunnelChanges,
  plainRouteChange,
  srcValidMarkChange,
  type Family,
  type PolicyRouting,
} from './routing';
import { selectPeers } from './setconf';
import { tunnelFailure } from './tunnel-errors';
import type { TunnelSetupRequest } from './tunnel-setup-request';

/** What a full tunnel routes: its allowed IPs, and for default routes the policy routing that carries them. */
export interface RoutePlan {
  allowed: Cidr[];
  defaultFamilies: Set<Family>;
  routing: PolicyRouting | undefined;
}

/** Routes (policy routing for default routes, plain routes otherwise) and DNS through the device, each journaled. */
export async function routeTrafficThrough(req: TunnelSetupRequest, plan: RoutePlan): Promise<void> {
  const { allowed, defaultFamilies, routing } = plan;
  if (routing) {
    if (defaultFamilies.has(4)) {
      const mark = await srcValidMarkChange(req.runner);
      if (mark) await change(req, 'Allowing marked replies', mark);
    }
    for (const family of [...defaultFamilies].sort()) {
      for (const c of fullTunnelChanges(req.ifname, family, routing)) await change(req, 'Routing all traffic', c);
    }
  }
  for (const cidr of allowed) {
    // Default routes belong to the policy routing above; a split tunnel never takes them.
    if (isDefaultRoute(cidr)) continue;
    await addPlainRoute(req, `${cidr.address}/${cidr.prefix}`);
  }
  const dns = await applyDns(req, {
    ifname: req.ifname,
    servers: req.profile.interface.dns,
    searchDomains: req.profile.interface.dnsSearch,
    mode: req.dnsMode,
    resolvConfPath: req.resolvConfPath,
    sessionDir: req.sessionDir,
  }).catch((err: unknown) => {
    throw tunnelFailure(err, 'Setting the tunnel DNS servers');
  });
  if (dns !== 'none') req.log('info', `DNS through ${req.ifname} (${dns})`);
}

/**
 * Turns a running route-less tunnel (a failover probe, a hot standby) into the full tunnel it would have been:
 * its own firewall mark and policy routing, its full addresses, its routes and DNS. The device, the process
 * and the handshake stay as they are, so traffic moves over in milliseconds instead of a restart. Every change
 * goes into the session's journal, so stopping the session undoes them with the rest.
 * Returns the addresses now on the device.
 */
export async function promoteTunnel(req: TunnelSetupRequest): Promise<string[]> {
  const { peers } = selectPeers(req.profile, req.endpointIndex);
  const allowed = peers.flatMap((peer) => peer.allowedIps.map((ip) => parseCidr(ip))).filter((c) => c !== undefined);
  const defaultFamilies = new Set<Family>(req.fullTunnel ? allowed.filter(isDefaultRoute).map((c) => c.family) : []);
  const routing = defaultFamilies.size > 0 ? await findFreePolicyRouting(req.runner) : undefined;
  // The probe carried the previous tunnel's mark (its routing is gone now): take the new table's, or none.
  await runStep(req, 'Marking the tunnel traffic', 'wg', ['set', req.ifname, 'fwmark', String(routing?.table ?? 0)]);
  const addresses = req.profile.interface.addresses;
  for (const address of addresses) {
    const host = hostAddress(address);
    if (host === address) continue;
    const family = address.includes(':') ? '-6' : '-4';
    await runStep(req, `Widening ${host} to ${address}`, 'ip', [family, 'address', 'del', host, 'dev', req.ifname]);
    await runStep(req, `Adding address ${address}`, 'ip', [family, 'address', 'add', address, 'dev', req.ifname]);
  }
  await routeTrafficThrough(req, { allowed, defaultFamilies, routing });
  return addresses;
}

export function hostAddress(address: string): string {
  const bare = address.split('/')[0] ?? address;
  return `${bare}/${bare.includes(':') ? 128 : 32}`;
}

/** One command of the set-up; a failure names the step. */
export async function runStep(req: TunnelSetupRequest, what: string, command: string, args: string[]): Promise<void> {
  const result = await req.runner.run(command, args, { timeoutMs: 15_000 });
  if (result.code !== 0) throw tunnelFailure(new CommandFailedError(command, args, result), what);
}

async function change(req: TunnelSetupRequest, what: string, c: Parameters<typeof applyChange>[2]): Promise<void> {
  try {
    await applyChange(req.journal, req.runner, c);
  } catch (err) {
    throw tunnelFailure(err, what);
  }
}

// An address with a prefix (10.64.0.2/24) already routes its subnet through the device: `ip route add`
// then says "File exists", which is fine when that route is ours (wg-quick checks the same way).
async function addPlainRoute(req: TunnelSetupRequest, cidr: string): Promise<void> {
  try {
    await applyChange(req.journal, req.runner, plainRouteChange(req.ifname, cidr));
  } catch (err) {
    if (err instanceof CommandFailedError && /File exists/.test(err.result.stderr)) {
      const family = cidr.includes(':') ? '-6' : '-4';
      const ours = await req.runner.run('ip', [family, 'route', 'show', cidr, 'dev', req.ifname]);
      if (ours.code === 0 && ours.stdout.trim() !== '') return;
      throw new HoldfastError('tunnel-failed', `The route ${cidr} already goes through another interface`);
    }
    throw tunnelFailure(err, `Routing ${cidr}`);
  }
}
