import path from 'node:path';
import { HoldfastError } from '../../errors';
import type { WireGuardPeer } from '../../profiles/types';
import { isDefaultRoute, parseCidr } from '../../net/ip';
import type { Device } from './device';
import { createDevice } from './device';
import type { Family } from './routing';
import { findActiveTunnelMark, findFreePolicyRouting } from './routing';
import { renderSetconf, selectPeers } from './setconf';
import { tunnelFailure } from './tunnel-errors';
import { hostAddress, routeTrafficThrough, runStep as step } from './tunnel-routes';
import type { TunnelSetupRequest } from './tunnel-setup-request';

export interface TunnelSetup {
  device: Device;
  primary: WireGuardPeer;
  tunnelAddresses: string[];
}

const DEFAULT_MTU = 1420;

/**
 * Every step of bringing a WireGuard tunnel up, each journaled before it runs. If any step fails, what
 * was done is undone (newest first) and the first failure is thrown.
 */
export async function setUpTunnel(req: TunnelSetupRequest): Promise<TunnelSetup> {
  let device: Device | undefined;
  try {
    const { peers, primary } = selectPeers(req.profile, req.endpointIndex);
    const allowed = peers.flatMap((peer) => peer.allowedIps.map((ip) => parseCidr(ip))).filter((c) => c !== undefined);
    const defaultFamilies = new Set<Family>(
      req.fullTunnel && !req.noRoutes ? allowed.filter(isDefaultRoute).map((c) => c.family) : [],
    );
    const routing = defaultFamilies.size > 0 ? await findFreePolicyRouting(req.runner) : undefined;
    // Rendered before anything is touched: a damaged secret fails here with nothing to undo.
    const fwmark = routing?.table ?? (req.noRoutes ? await findActiveTunnelMark(req.runner) : undefined);
    const config = renderSetconf(req.profile, req.secrets, {
      endpointIndex: req.endpointIndex,
      fwmark,
      endpointAddress: req.endpointAddress,
    });

    await req.journal.record('session files', { kind: 'remove-path', path: req.sessionDir });
    await req.files.mkdir(req.sessionDir, 0o700);
    const configPath = path.join(req.sessionDir, `${req.ifname}.conf`);
    await req.files.writeAtomic(configPath, config, 0o600);

    device = await createDevice(req, req.ifname);
    await step(req, 'Configuring WireGuard', 'wg', ['setconf', req.ifname, configPath]);

    // A probe tunnel (noRoutes) still needs its own address, or nothing could answer a probe sent through
    // it; as a host address (/32, /128) it adds no route, so the device carries only what is bound to it.
    const addresses = req.noRoutes ? req.profile.interface.addresses.map(hostAddress) : req.profile.interface.addresses;
    for (const address of addresses) {
      const family = address.includes(':') ? '-6' : '-4';
      await step(req, `Adding address ${address}`, 'ip', [family, 'address', 'add', address, 'dev', req.ifname]);
    }
    const mtu = String(req.profile.interface.mtu ?? DEFAULT_MTU);
    await step(req, 'Bringing the interface up', 'ip', ['link', 'set', 'dev', req.ifname, 'mtu', mtu, 'up']);

    if (!req.noRoutes) await routeTrafficThrough(req, { allowed, defaultFamilies, routing });
    return { device, primary, tunnelAddresses: addresses };
  } catch (err) {
    const failure = tunnelFailure(err, 'Starting the WireGuard tunnel');
    const leftovers = await req.journal.undoAll(req.runner);
    if (device?.process) device.process.kill('SIGKILL');
    if (leftovers.length > 0) {
      const list = leftovers.map((l) => l.description).join(', ');
      throw new HoldfastError(failure.code, `${failure.message} (and could not undo: ${list})`, failure.params);
    }
    throw failure;
  }
}
