import type { ExtraProbes } from '../../connection/tunnel-launcher';
import type { Profile } from '../../profiles/types';
import type { TunnelDriver } from '../../tunnel/driver';
import { dnsProbe } from '../dns-probe';
import { tcpProbe } from '../tcp-probe';
import type { HelperClient } from './helper-client';
import { helperProbe, type ProbeFunction } from './helper-probe';
import { HelperSupervisor } from './helper-supervisor';
import type { OrphanHelper } from './protocol';
import { HelperConnectionOwner, HelperKillSwitch, HelperTunnelDriver } from './remote-ports';

export type Report = (level: 'info' | 'warn', message: string) => void;

/** What createHoldfastCore needs to run every privileged step through the helper. */
export interface HelperCoreOptions {
  drivers: Partial<Record<Profile['kind'], TunnelDriver>>;
  killSwitch: HelperKillSwitch;
  probe: ProbeFunction;
  extraProbes: ExtraProbes;
  privileged: true;
  owner: HelperConnectionOwner;
}

/**
 * The helper's ports for the core, plus what to do about orphans: helpers an earlier app run left
 * keeping a connection up after it died. They are reported as soon as a helper start finds them, and
 * stopped just before this app starts a tunnel of its own (two full tunnels would fight over routes).
 * A helper whose app is still running (another window or terminal of the same user) is reported, never
 * stopped.
 */
export function helperCoreOptions(
  link: HelperSupervisor | HelperClient,
  report: Report,
  front: 'app' | 'cli' = 'app',
): HelperCoreOptions {
  const reaper = new OrphanReaper(report);
  if (link instanceof HelperSupervisor) link.onStarted((hello) => reaper.found(hello.orphans));
  const connected = link instanceof HelperSupervisor ? link.current() : link;
  if (connected) reaper.found(connected.hello.orphans);
  const beforeStart = (client: HelperClient) => reaper.stopAll(client);
  return {
    drivers: {
      wireguard: new HelperTunnelDriver('wireguard', link, beforeStart),
      openvpn: new HelperTunnelDriver('openvpn', link, beforeStart),
    },
    killSwitch: new HelperKillSwitch(link),
    probe: helperProbe(link),
    // DNS and TCP through a full tunnel need no privileges: the app asks them itself. Binding a socket to a
    // device does, so tunnels without routes (failover racing) are checked by the helper's ping alone.
    extraProbes: {
      dns: (target, timeoutMs) => dnsProbe(target, timeoutMs).catch(() => false),
      tcp: (target, port, timeoutMs, interfaceName) =>
        interfaceName ? Promise.resolve(false) : tcpProbe(target, port, timeoutMs),
    },
    privileged: true,
    owner: new HelperConnectionOwner(link, { kind: front, pid: process.pid }),
  };
}

export class OrphanReaper {
  private pending: OrphanHelper[] = [];

  constructor(private readonly report: Report) {}

  found(orphans: OrphanHelper[]): void {
    this.pending = orphans.filter((o) => o.appGone === true);
    for (const orphan of orphans) this.report('warn', describeOrphan(orphan));
  }

  /** Stops the orphans found at the last start; each once, even when stopping one fails. */
  async stopAll(client: HelperClient): Promise<void> {
    const orphans = this.pending;
    this.pending = [];
    for (const orphan of orphans) {
      const result = await client.request('orphans.stop', { pid: orphan.pid }).catch(() => ({ stopped: false }));
      this.report(
        result.stopped ? 'info' : 'warn',
        result.stopped
          ? `Stopped the connection a previous Holdfast session left running (${tunnelList(orphan)}).`
          : `Could not stop the connection a previous Holdfast session left running (${tunnelList(orphan)}).`,
      );
    }
  }
}

export function describeOrphan(orphan: OrphanHelper): string {
  if (orphan.appGone) {
    return `A previous Holdfast session that ended unexpectedly is still connected (${tunnelList(orphan)}, since ${orphan.startedAt}). It is replaced when you connect.`;
  }
  return `Another Holdfast window or terminal of this user is connected (${tunnelList(orphan)}); connecting here as well may disturb it.`;
}

function tunnelList(orphan: OrphanHelper): string {
  const tunnels = orphan.tunnels.length ? `tunnel ${orphan.tunnels.join(', ')}` : 'no tunnel';
  return `${tunnels}, helper process ${orphan.pid}`;
}
