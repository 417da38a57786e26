import type { Clock } from '../clock';
import type { ProbeFn } from '../connection/tunnel-launcher';
import { KillSwitch, type KillSwitchPort } from '../security/killswitch';
import type { Profile } from '../profiles/types';
import { recoverOrphans } from '../system/orphan-recovery';
import { createProcLinkSignals, type LinkSignals } from '../system/link-signals';
import { pingProbe } from '../system/ping-probe';
import type { ProcessRunner } from '../system/process-runner';
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
