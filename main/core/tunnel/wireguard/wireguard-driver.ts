import path from 'node:path';
import type { Clock } from '../../clock';
import type { WireGuardProfile } from '../../profiles/types';
import type { JournalDeps } from '../../system/change-journal';
import { ChangeJournal, networkNamespaceOf } from '../../system/change-journal';
import type { FilePort } from '../../system/file-port';
import { NodeFilePort } from '../../system/file-port';
import { recoverOrphans } from '../../system/orphan-recovery';
import { NOT_PRIVILEGED_MESSAGE, runsAsRoot } from '../../system/privilege';
import type { ProcessTable } from '../../system/process-table';
import { ProcProcessTable } from '../../system/process-table';
import type { ProcessRunner } from '../../system/process-runner';
import type { PreflightProblem, TunnelDriver, TunnelEvent, TunnelSession, TunnelStartRequest } from '../driver';
import type { DnsMode } from './dns';
import {
  WIREGUARD_SOCKET_DIR,
  pickInterfaceName,
  randomInterfaceName,
  validateInterfacePrefix,
} from './interface-name';
import { DEBIAN_PACKAGES } from './tunnel-errors';
import { setUpTunnel } from './tunnel-setup';
import type { TunnelSetupRequest } from './tunnel-setup-request';
import { promoteTunnel } from './tunnel-routes';
import { WireGuardSession } from './wireguard-session';

export interface WireGuardDriverDeps {
  runner: ProcessRunner;
  clock: Clock;
  files?: FilePort;
  processes?: ProcessTable;
  isRoot?: () => boolean;
  /** Start of every interface name this driver creates (default "hf"); tests use their own. */
  interfacePrefix?: string;
  /** Candidate interface names, for tests; default: prefix + random hex. */
  interfaceNames?: () => string;
  /** The resolv.conf to manage when systemd-resolved does not run (the lab points at /etc/netns/<ns>/). */
  resolvConfPath?: string;
  dnsMode?: DnsMode;
  handshakeTimeoutMs?: number;
  socketDir?: string;
  /** Undo what crashed earlier sessions left in the runtime directory before starting (default true). */
  recoverOrphans?: boolean;
}

/** Brings WireGuard profiles up with `ip`, `wg` and (without the kernel module) `wireguard-go`. */
export class WireGuardDriver implements TunnelDriver {
  readonly kind = 'wireguard' as const;
  private readonly files: FilePort;
  private readonly processes: ProcessTable;
  private readonly prefix: string;

  constructor(private readonly deps: WireGuardDriverDeps) {
    this.files = deps.files ?? new NodeFilePort();
    this.processes = deps.processes ?? new ProcProcessTable();
    this.prefix = deps.interfacePrefix ?? 'hf';
    validateInterfacePrefix(this.prefix);
  }

  async preflight(): Promise<PreflightProblem[]> {
    const problems: PreflightProblem[] = [];
    if (!(this.deps.isRoot ?? runsAsRoot)()) problems.push({ code: 'not-privileged', message: NOT_PRIVILEGED_MESSAGE });
    const needed: Array<[string, string[]]> = [
      ['wg', ['--version']],
      ['ip', ['-V']],
    ];
    if (!(await this.kernelHasWireGuard())) needed.push(['wireguard-go', ['--version']]);
    for (const [binary, args] of needed) {
      const result = await this.deps.runner.run(binary, args, { timeoutMs: 5000 });
      if (result.code !== 127) continue;
      const debianPackage = DEBIAN_PACKAGES[binary] ?? binary;
      problems.push({
        code: 'binary-missing',
        binary,
        debianPackage,
        message:
          binary === 'wireguard-go'
            ? `This kernel has no WireGuard module and wireguard-go is not installed; install the Debian package ${debianPackage}`
            : `${binary} is not installed; install the Debian package ${debianPackage}`,
      });
    }
    return problems;
  }

  async start(request: TunnelStartRequest): Promise<TunnelSession> {
    if (request.profile.kind !== 'wireguard')
      throw new Error(`WireGuardDriver cannot start a ${request.profile.kind} profile`);
    const profile: WireGuardProfile = request.profile;
    const { runner, clock } = this.deps;
    const journalDeps: JournalDeps = { files: this.files, processes: this.processes, sleep: (ms) => clock.sleep(ms) };
    const early: TunnelEvent[] = [];
    const log = (level: 'info' | 'warn' | 'error', message: string): void =>
      void early.push({ type: 'log', level, message });

    if (this.deps.recoverOrphans ?? true) {
      try {
        for (const report of await recoverOrphans(request.runtimeDir, runner, journalDeps)) {
          const undone = report.undone.join(', ') || 'nothing left';
          log('info', `Cleaned up what a previous run left behind (${report.label}): ${undone}`);
          for (const failed of report.failed) log('warn', `Could not clean up ${failed.description}: ${failed.error}`);
        }
      } catch (err) {
        // Leftovers of another run must not stop this connection; they are retried next time.
        log('warn', `Could not check for leftovers of a previous run: ${(err as Error).message}`);
      }
    }

    const socketDir = this.deps.socketDir ?? WIREGUARD_SOCKET_DIR;
    const ifname = await pickInterfaceName({
      runner,
      files: this.files,
      prefix: this.prefix,
      socketDir,
      candidates: this.deps.interfaceNames ?? (() => randomInterfaceName(this.prefix)),
    });
    const journal = await ChangeJournal.create(request.runtimeDir, `wireguard-${ifname}`, journalDeps, {
      netns: await networkNamespaceOf(runner),
    });
    const setupRequest: TunnelSetupRequest = {
      runner,
      clock,
      files: this.files,
      processes: this.processes,
      journal,
      socketDir,
      ifname,
      sessionDir: path.join(request.runtimeDir, `wg-${ifname}`),
      profile,
      secrets: request.secrets,
      endpointIndex: request.endpointIndex ?? 0,
      ...(request.endpointAddress !== undefined ? { endpointAddress: request.endpointAddress } : {}),
      fullTunnel: request.fullTunnel ?? true,
      noRoutes: request.noRoutes ?? false,
      dnsMode: this.deps.dnsMode ?? 'auto',
      resolvConfPath: this.deps.resolvConfPath ?? '/etc/resolv.conf',
      log,
    };
    const setup = await setUpTunnel(setupRequest);
    const session = new WireGuardSession({
      ifname,
      profile,
      primary: setup.primary,
      device: setup.device,
      journal,
      runner,
      clock,
      tunnelAddresses: setup.tunnelAddresses,
      handshakeTimeoutMs: this.deps.handshakeTimeoutMs ?? 15_000,
      ...(setupRequest.noRoutes ? { promote: () => promoteTunnel({ ...setupRequest, noRoutes: false }) } : {}),
    });
    for (const event of early) session.emit(event);
    return session;
  }

  private async kernelHasWireGuard(): Promise<boolean> {
    if (await this.files.exists('/sys/module/wireguard')) return true;
    const probe = await this.deps.runner.run('modprobe', ['--dry-run', '--quiet', 'wireguard'], { timeoutMs: 5000 });
    return probe.code === 0;
  }
}
