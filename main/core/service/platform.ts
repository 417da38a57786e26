import type { Clock } from '../clock';
import type { ExtraProbes, ProbeFn } from '../connection/tunnel-launcher';
import { KillSwitch, type KillSwitchPort } from '../security/killswitch';
import type { Profile } from '../profiles/types';
import { recoverOrphans } from '../system/orphan-recovery';
import { createProcLinkSignals, type LinkSignals } from '../system/link-signals';
import { dnsProbe } from '../system/dns-probe';
import { pingProbe } from '../system/ping-probe';
import type { ProcessRunner } from '../system/process-runner';
import { tcpProbe, tcpProbeOnDevice } from '../system/tcp-probe';
import type { TunnelDriver } from '../tunnel/driver';
import { OpenVpnDriver } from '../tunnel/openvpn/openvpn-driver';
import { WireGuardDriver } from '../tunnel/wireguard/wireguard-driver';

/** The real drivers for this machine, built on the injected runner and clock. */
export function createDrivers(runner: ProcessRunner, clock: Clock): Partial<Record<Profile['kind'], TunnelDriver>> {
  // Leftovers of killed runs are undone once, when a front door starts (core.recoverLeftovers), not again
  // inside every tunnel start: failover starts several tunnels per round and must not rescan each time.
  return {
    wireguard: new WireGuardDriver({ runner, clock, recoverOrphans: false }),
    openvpn: new OpenVpnDriver({ runner, clock, recoverOrphans: false }),
  };
}

export function createProbe(runner: ProcessRunner): ProbeFn {
  return (target, timeoutMs, interfaceName) =>
    pingProbe(runner, target, timeoutMs, interfaceName ? { interfaceName } : {}).catch(() => false);
}

/**
 * DNS and TCP evidence besides the ping. Through a full tunnel plain sockets follow the routes; a tunnel
 * without routes is reached by binding to its device, which only curl can do for us.
 */
export function createExtraProbes(runner: ProcessRunner): ExtraProbes {
  return {
    dns: (target, timeoutMs) => dnsProbe(target, timeoutMs).catch(() => false),
    tcp: (target, port, timeoutMs, interfaceName) =>
      (interfaceName
        ? tcpProbeOnDevice(runner, target, port, timeoutMs, interfaceName)
        : tcpProbe(target, port, timeoutMs)
      ).catch(() => false),
  };
}

/** Linux keeps per-namespace device and ICMP counters in /proc; elsewhere the drivers' counters serve alone. */
export function createLinkSignals(): LinkSignals | undefined {
  return process.platform === 'linux' ? createProcLinkSignals() : undefined;
}

/** The in-process nftables kill switch, for when Holdfast itself runs as root. */
export function createKillSwitch(runner: ProcessRunner, runtimeDir: string): KillSwitchPort {
  return new KillSwitch({ runner, stateDir: runtimeDir });
}

/** Undoes what killed runs left behind; returns one plain line per journal handled. */
export async function recoverLeftovers(runtimeDir: string, runner: ProcessRunner): Promise<string[]> {
  const reports = await recoverOrphans(runtimeDir, runner);
  return reports.map((r) => {
    const failed = r.failed.length ? `; could not undo: ${r.failed.map((f) => f.description).join(', ')}` : '';
    return `cleaned up after a previous run that ended unexpectedly (${r.label}, pid ${r.ownerPid}): ${r.undone.length} change(s) undone${failed}`;
  });
}
