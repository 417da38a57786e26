import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../clock';
import { HoldfastError, toErrorPayload } from '../../errors';
import type { OpenVpnProfile } from '../../profiles/types';
import { ChangeJournal, type JournalDeps } from '../../system/change-journal';
import { NodeFilePort, type FilePort } from '../../system/file-port';
import { recoverOrphans } from '../../system/orphan-recovery';
import { NOT_PRIVILEGED_MESSAGE, runsAsRoot } from '../../system/privilege';
import { ProcProcessTable, type ProcessTable } from '../../system/process-table';
import type { ProcessRunner } from '../../system/process-runner';
import type { PreflightProblem, TunnelDriver, TunnelEvent, TunnelSession, TunnelStartRequest } from '../driver';
import { applyDns, type DnsMode } from '../wireguard/dns';
import { DEFAULT_TIMERS, generateOpenVpnConfig, type OpenVpnTimers } from './config-generator';
import { tlsWrapFromOptions } from './log-facts';
import { connectUnixSocket, type ManagementConnector } from './management-socket';
import { OpenVpnSession } from './openvpn-session';
import { SessionObserver } from './session-observer';
import { systemUnprivilegedAccount, type UnprivilegedAccount } from './unprivileged-account';

export interface OpenVpnDriverDeps {
  runner: ProcessRunner;
  clock?: Clock;
  files?: FilePort;
  processes?: ProcessTable;
  isRoot?: () => boolean;
  /** The openvpn binary (default "openvpn" on PATH). */
  binary?: string;
  connector?: ManagementConnector;
  /** Start of every interface name this driver creates (default "hfovpn"). */
  interfacePrefix?: string;
  /** Candidate interface names, for tests. */
  interfaceNames?: () => string;
  timers?: OpenVpnTimers;
  /** How long OpenVPN may take to connect before ready() rejects (default 60 s). */
  connectTimeoutMs?: number;
  /** How long to wait for OpenVPN to exit after SIGTERM before killing it (default 5 s). */
  stopTimeoutMs?: number;
  dnsMode?: DnsMode;
  resolvConfPath?: string;
  /** Undo what crashed earlier sessions left in the runtime directory before starting (default true). */
  recoverOrphans?: boolean;
  /**
   * The account OpenVPN switches to after setup (default: nobody with nogroup or nobody, looked up once);
   * without one OpenVPN keeps running as root and the log says so.
   */
  unprivilegedAccount?: () => Promise<UnprivilegedAccount | undefined>;
}

/** Unix socket paths are limited to 108 bytes; keep a margin. */
const MAX_SOCKET_PATH = 100;

/** Runs OpenVPN profiles with the system's `openvpn`, controlled through its management interface. */
export class OpenVpnDriver implements TunnelDriver {
  readonly kind = 'openvpn' as const;
  private readonly files: FilePort;
  private readonly processes: ProcessTable;
  private readonly clock: Clock;
  private readonly binary: string;
  private readonly prefix: string;
  private account: Promise<UnprivilegedAccount | undefined> | undefined;

  constructor(private readonly deps: OpenVpnDriverDeps) {
    this.files = deps.files ?? new NodeFilePort();
    this.processes = deps.processes ?? new ProcProcessTable();
    this.clock = deps.clock ?? systemClock;
    this.binary = deps.binary ?? 'openvpn';
    this.prefix = deps.interfacePrefix ?? 'hfovpn';
    if (!/^[a-z][a-z0-9]{0,9}$/.test(this.prefix)) throw new Error(`invalid interface prefix "${this.prefix}"`);
  }

  private async unprivileged(
    log: (level: 'info' | 'warn' | 'error', message: string) => void,
  ): Promise<UnprivilegedAccount | undefined> {
    this.account ??= (this.deps.unprivilegedAccount ?? systemUnprivilegedAccount)();
    const account = await this.account;
    if (!account) log('warn', 'No unprivileged account (nobody) on this system: OpenVPN keeps running as root');
    return account;
  }

  async preflight(): Promise<PreflightProblem[]> {
    const problems: PreflightProblem[] = [];
    if (!(this.deps.isRoot ?? runsAsRoot)()) problems.push({ code: 'not-privileged', message: NOT_PRIVILEGED_MESSAGE });
    const version = await this.deps.runner.run(this.binary, ['--version'], { timeoutMs: 5000 });
    if (version.code === 127) {
      problems.push({
        code: 'binary-missing',
        binary: 'openvpn',
        debianPackage: 'openvpn',
        message: 'openvpn is not installed; install the Debian package openvpn',
      });
    }
    return problems;
  }

  async start(request: TunnelStartRequest): Promise<TunnelSession> {
    if (request.profile.kind !== 'openvpn')
      throw new Error(`OpenVpnDriver cannot start a ${request.profile.kind} profile`);
    const profile: OpenVpnProfile = request.profile;
    if (profile.authUserPass && !request.credentials) {
      throw new HoldfastError('credentials-needed', `${profile.name} needs a username and password.`, {
        profile: profile.id,
      });
    }
    const { runner } = this.deps;
    const journalDeps: JournalDeps = {
      files: this.files,
      processes: this.processes,
      sleep: (ms) => this.clock.sleep(ms),
    };
    const early: TunnelEvent[] = [];
    const log = (level: 'info' | 'warn' | 'error', message: string): void =>
      void early.push({ type: 'log', level, message });

    if (this.deps.recoverOrphans ?? true) {
      for (const report of await recoverOrphans(request.runtimeDir, runner, journalDeps)) {
        log(
          'info',
          `Cleaned up after an interrupted session (${report.label}): ${report.undone.join(', ') || 'nothing left'}`,
        );
        for (const failed of report.failed) log('warn', `Could not clean up ${failed.description}: ${failed.error}`);
      }
    }

    const ifname = await this.pickInterfaceName();
    const sessionDir = path.join(request.runtimeDir, `openvpn-${ifname}`);
    const cleanupPaths = [sessionDir];
    let socketPath = path.join(sessionDir, 'mgmt.sock');
    if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH) {
      // mkdtemp makes a fresh 0700 directory with an unguessable name: only this user can reach it.
      const socketDir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-'));
      cleanupPaths.push(socketDir);
      socketPath = path.join(socketDir, 'mgmt.sock');
    }
    const configPath = path.join(sessionDir, 'openvpn.conf');
    const config = generateOpenVpnConfig(profile, request.secrets, {
      interfaceName: ifname,
      managementSocketPath: socketPath,
      endpointIndex: request.endpointIndex,
      fullTunnel: request.fullTunnel,
      noRoutes: request.noRoutes,
      timers: this.deps.timers ?? DEFAULT_TIMERS,
      remoteAddress: request.endpointAddress,
      ...(request.socksProxy ? { socksProxy: request.socksProxy } : {}),
      dropTo: await this.unprivileged(log),
    });
    if (config.dropped.length > 0) {
      log(
        'info',
        `Left out of the OpenVPN config (Holdfast sets or refuses these): ${[...new Set(config.dropped)].join(', ')}`,
      );
    }

    const journal = await ChangeJournal.create(request.runtimeDir, `openvpn-${ifname}`, journalDeps);
    for (const dir of cleanupPaths) await journal.record('OpenVPN session files', { kind: 'remove-path', path: dir });
    await this.files.mkdir(sessionDir, 0o700);
    await this.files.writeAtomic(configPath, config.text, 0o600);

    const child = runner.spawn(this.binary, ['--config', configPath], { cwd: sessionDir });
    if (child.pid !== undefined) {
      await journal.record(`openvpn for ${ifname}`, {
        kind: 'stop-process',
        pid: child.pid,
        startTime: await this.processes.startTime(child.pid),
        commandContains: configPath,
      });
    }
    const remote = config.remote;
    const noRoutes = request.noRoutes === true;
    const session = new OpenVpnSession({
      interfaceName: ifname,
      runner,
      clock: this.clock,
      files: this.files,
      journal,
      process: child,
      observer: new SessionObserver({
        tlsWrap: tlsWrapFromOptions(profile.blocks.map((b) => b.name)),
        hasCredentials: request.credentials !== undefined,
      }),
      connector: this.deps.connector ?? connectUnixSocket,
      socketPath,
      cleanupPaths,
      configuredEndpoint: `${remote.host.includes(':') ? `[${remote.host}]` : remote.host}:${remote.port}`,
      credentials: request.credentials,
      timeouts: {
        managementMs: 10_000,
        connectMs: this.deps.connectTimeoutMs ?? 60_000,
        stopMs: this.deps.stopTimeoutMs ?? 5000,
        dataChannelGraceMs: 2000,
      },
      onFirstConnect: async (push) => {
        const mode = this.deps.dnsMode ?? 'auto';
        if (noRoutes || mode === 'off' || !push || push.dns.length === 0) return;
        await applyDns(
          { runner, files: this.files, journal },
          {
            ifname,
            servers: push.dns,
            searchDomains: push.dnsDomains,
            mode,
            resolvConfPath: this.deps.resolvConfPath ?? '/etc/resolv.conf',
            sessionDir,
          },
        );
      },
    });
    for (const event of early) session.emit(event);
    try {
      await session.attach();
    } catch (err) {
      await session.stop();
      const detail = toErrorPayload(err).message;
      throw new HoldfastError('tunnel-failed', `OpenVPN did not start: ${detail}`, { detail });
    }
    return session;
  }

  private async pickInterfaceName(): Promise<string> {
    const next = this.deps.interfaceNames ?? (() => `${this.prefix}${randomBytes(4).toString('hex')}`.slice(0, 15));
    const tried: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const name = next();
      if (!/^[A-Za-z0-9_-]{1,15}$/.test(name)) throw new Error(`invalid interface name "${name}"`);
      const link = await this.deps.runner.run('ip', ['link', 'show', 'dev', name]);
      if (link.code !== 0) return name;
      tried.push(name);
    }
    throw new HoldfastError('interface-taken', `No free interface name: ${tried.join(', ')} are all in use`, {
      names: tried.join(', '),
    });
  }
}
