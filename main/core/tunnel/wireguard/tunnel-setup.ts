import path from 'node:path';
import type { Clock } from '../../clock';
import { HoldfastError } from '../../errors';
import type { WireGuardPeer, WireGuardProfile } from '../../profiles/types';
import type { ChangeJournal } from '../../system/change-journal';
import type { FilePort } from '../../system/file-port';
import type { ProcessTable } from '../../system/process-table';
import type { ProcessRunner } from '../../system/process-runner';
import { CommandFailedError } from '../../system/process-runner';
import { applyChange } from '../../system/system-change';
import { isDefaultRoute, parseCidr } from './cidr';
import type { Device } from './device';
import { createDevice } from './device';
import type { DnsMode } from './dns';
import { applyDns } from './dns';
import type { Family } from './routing';
import {
  findActiveTunnelMark,
  findFreePolicyRouting,
  fullTunnelChanges,
  plainRouteChange,
  srcValidMarkChange,
} from './routing';
import { renderSetconf, selectPeers } from './setconf';
import { tunnelFailure } from './tunnel-errors';

export interface TunnelSetupRequest {
  runner: ProcessRunner;
  clock: Clock;
  files: FilePort;
  processes: ProcessTable;
  journal: ChangeJournal;
  socketDir: string;
  ifname: string;
  sessionDir: string;
  profile: WireGuardProfile;
  secrets: Record<string, string>;
  endpointIndex: number;
  fullTunnel: boolean;
  noRoutes: boolean;
  dnsMode: DnsMode;
  resolvConfPath: string;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

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
    const config = renderSetconf(req.profile, req.secrets, { endpointIndex: req.endpointIndex, fwmark });

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

    if (!req.noRoutes) {
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

async function step(req: TunnelSetupRequest, what: string, command: string, args: string[]): Promise<void> {
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

function hostAddress(address: string): string {
  const bare = address.split('/')[0] ?? address;
  return `${bare}/${bare.includes(':') ? 128 : 32}`;
}
