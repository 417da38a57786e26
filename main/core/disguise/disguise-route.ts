import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { DisguiseInUse } from './disguised-route';
import { isIpAddress } from '../net/ip';
import { ChangeJournal, networkNamespaceOf, type JournalDeps } from '../system/change-journal';
import type { FilePort } from '../system/file-port';
import type { ProcessExit, ProcessRunner } from '../system/process-runner';
import { runUndo } from '../system/system-change';
import type { SocksProxy } from '../tunnel/driver';
import type { StoredDisguise } from './disguise-store';
import { programName, startDisguiseProgram, type RunningDisguise } from './disguise-process';
import { obfs4Spec } from './obfs4-program';
import type { DisguiseProgramSpec, Unprivileged } from './program-spec';
import { shadowsocksLocalSpec, shadowsocksTunnelSpec } from './shadowsocks-program';
import { stunnelSpec } from './stunnel-program';
import type { DisguiseParams } from './types';

/** Which tunnel a disguise carries: WireGuard's UDP, or OpenVPN's TCP stream. */
export type DisguisedTunnel = 'wireguard' | 'openvpn-tcp';

export interface DisguiseSource {
  get(id: string): StoredDisguise;
  openSecrets(id: string): Promise<Record<string, string>>;
}

export interface DisguiseRouteDeps {
  runner: ProcessRunner;
  files: FilePort;
  clock: Clock;
  journalDeps: JournalDeps;
  source: DisguiseSource;
  /** Set when Holdfast runs as root: the program gives root up (program-spec.ts). */
  dropTo?: Unprivileged;
  /** A free loopback port for the program to listen on. */
  freePort: (proto: 'udp' | 'tcp') => Promise<number>;
  readyTimeoutMs?: number;
}

export interface DisguiseRouteRequest {
  disguiseId: string;
  tunnel: DisguisedTunnel;
  /** The VPN server as the disguise server reaches it (its endpoint as the profile names it). */
  target: { host: string; port: number };
  /** The disguise server's address, as the kill switch allows it (a name is looked up by Holdfast, never by the program). */
  serverAddress: string;
  runtimeDir: string;
}

/** How the tunnel reaches its server through the running disguise. */
export type TunnelVia =
  /** Point the tunnel's endpoint at this loopback port (ss-tunnel for WireGuard, stunnel for OpenVPN). */
  | { kind: 'forward'; host: string; port: number }
  /** OpenVPN through this SOCKS5 proxy (ss-local, obfs4proxy). */
  | { kind: 'socks'; proxy: SocksProxy };

export interface DisguiseRoute {
  inUse: DisguiseInUse;
  via: TunnelVia;
  /** Resolves when the program ends; before `stop` that is a drop (the session treats it as the tunnel's end). */
  exited: Promise<ProcessExit>;
  /** The program's last words, for a failure's message. */
  output(): string;
  /**
   * Keeps the way to the disguise server outside the tunnel once the tunnel carries every route: a host route
   * through the network's own gateway, journaled so that a crash or `recover` removes it.
   */
  bypassTunnel(): Promise<void>;
  /** Stops the program and removes the route and files. Idempotent. */
  stop(): Promise<void>;
}

/** The disguise server as the kill switch sees it: where the program's traffic goes, and over what. */
export function disguiseServerEndpoint(
  params: DisguiseParams,
  tunnel: DisguisedTunnel,
): { host: string; port: number; proto: 'udp' | 'tcp' } {
  // ss-tunnel in udp_only mode relays WireGuard as Shadowsocks UDP; every other disguise is one TCP stream.
  const proto = params.kind === 'shadowsocks' && tunnel === 'wireguard' ? 'udp' : 'tcp';
  return { host: params.host, port: params.port, proto };
}

export function disguiseInUse(id: string, params: DisguiseParams): DisguiseInUse {
  const detail =
    params.kind === 'shadowsocks' ? params.method : params.kind === 'tls' ? params.sni : `iat-mode=${params.iatMode}`;
  const host = params.host.includes(':') ? `[${params.host}]` : params.host;
  return { id, kind: params.kind, detail, server: `${host}:${params.port}` };
}

/**
 * Starts the disguise program for one attempt and tells the driver how to reach the server through it. The
 * program runs from a config Holdfast writes (secrets in root-only files), without root, and is recorded in a
 * journal before it starts, so a crash of Holdfast still ends it on the next start or `holdfast recover`.
 */
export async function startDisguiseRoute(req: DisguiseRouteRequest, deps: DisguiseRouteDeps): Promise<DisguiseRoute> {
  const stored = deps.source.get(req.disguiseId);
  const params = stored.params;
  if (!isIpAddress(req.serverAddress)) {
    throw new HoldfastError('internal', `The disguise server address "${req.serverAddress}" is not an IP address.`);
  }
  const secrets = await deps.source.openSecrets(req.disguiseId);
  const journal = await ChangeJournal.create(req.runtimeDir, `disguise-${stored.id}`, deps.journalDeps, {
    netns: await networkNamespaceOf(deps.runner),
  });
  const dir = path.join(req.runtimeDir, `disguise-${path.basename(journal.file, '.json').slice(-8)}`);
  await journal.record('disguise files', { kind: 'remove-path', path: dir });
  let built: Awaited<ReturnType<typeof buildSpec>>;
  let program: RunningDisguise;
  try {
    // Inside the try: a disguise that cannot carry this tunnel, or a secret that cannot be opened, leaves no journal.
    built = await buildSpec(req, params, secrets, dir, deps, journal);
    program = await startDisguiseProgram(built.spec, dir, {
      runner: deps.runner,
      files: deps.files,
      clock: deps.clock,
      readyTimeoutMs: deps.readyTimeoutMs,
      onSpawn: async (pid) => {
        await journal.record(`disguise program ${built.spec.command} (${pid})`, {
          kind: 'stop-process',
          pid,
          startTime: await deps.journalDeps.processes.startTime(pid),
          // obfs4proxy takes no config path (it reads its environment): its own name identifies it.
          commandContains: programName(built.spec) === 'obfs4proxy' ? 'obfs4proxy' : dir,
        });
      },
    });
  } catch (err) {
    await journal.undoAll(deps.runner);
    throw err;
  }

  let stopping: Promise<void> | null = null;
  let bypassed: Promise<void> | null = null;
  const via = built.via(program.local.port);
  return {
    inUse: disguiseInUse(stored.id, params),
    via,
    exited: program.exited,
    output: () => program.output(),
    bypassTunnel: () => (bypassed ??= addHostRoute(req.serverAddress, journal, deps.runner)),
    stop: () =>
      (stopping ??= (async () => {
        await program.stop();
        await journal.undoAll(deps.runner);
      })()),
  };
}

async function buildSpec(
  req: DisguiseRouteRequest,
  params: DisguiseParams,
  secrets: Record<string, string>,
  dir: string,
  deps: DisguiseRouteDeps,
  journal: ChangeJournal,
): Promise<{ spec: DisguiseProgramSpec; via: (port: number) => TunnelVia }> {
  const dropTo = deps.dropTo ? { dropTo: deps.dropTo } : {};
  const server = { ...params, host: req.serverAddress } as DisguiseParams;
  const secret = (ref: string): string => {
    const value = secrets[ref];
    if (value === undefined)
      throw new HoldfastError('tunnel-failed', 'A sealed secret of the disguise could not be opened.');
    return value;
  };
  const forward = (port: number): TunnelVia => ({ kind: 'forward', host: '127.0.0.1', port });
  const socks =
    (remote: { host: string; port: number }, authFile?: string) =>
    (port: number): TunnelVia => ({
      kind: 'socks',
      proxy: { host: '127.0.0.1', port, remote, ...(authFile ? { authFile } : {}) },
    });
  if (server.kind === 'shadowsocks') {
    const run = { params: server, password: secret(server.password), dir, ...dropTo };
    if (req.tunnel === 'wireguard') {
      const localPort = await deps.freePort('udp');
      return { spec: shadowsocksTunnelSpec({ ...run, localPort }, req.target), via: forward };
    }
    const localPort = await deps.freePort('tcp');
    return { spec: shadowsocksLocalSpec({ ...run, localPort }), via: socks(req.target) };
  }
  if (req.tunnel !== 'openvpn-tcp') {
    throw new HoldfastError('tunnel-failed', `A ${server.kind} disguise carries OpenVPN over TCP only.`);
  }
  if (server.kind === 'tls') {
    const localPort = await deps.freePort('tcp');
    return { spec: stunnelSpec({ params: server, localPort, dir, ...dropTo }), via: forward };
  }
  // obfs4: the bridge itself is the SOCKS request's destination; it forwards to the VPN server it fronts.
  // Without root, obfs4proxy cannot reach a state folder inside Holdfast's root-only data folder: it gets a fresh
  // one of its own under the system's temporary folder, journaled for removal like the rest.
  const stateDir = deps.dropTo ? path.join(tmpdir(), `holdfast-obfs4-${randomBytes(8).toString('hex')}`) : undefined;
  if (stateDir) await journal.record('obfs4proxy state folder', { kind: 'remove-path', path: stateDir });
  const spec = obfs4Spec({
    params: server,
    cert: secret(server.cert),
    dir,
    ...dropTo,
    ...(stateDir ? { stateDir } : {}),
  });
  return { spec, via: socks({ host: req.serverAddress, port: server.port }, path.join(dir, 'obfs4-socks-auth')) };
}

/**
 * A /32 (or /128) route to the disguise server through the main table's default gateway. A WireGuard full tunnel
 * sends unmarked traffic to its own table but keeps a rule that consults the main table for anything more
 * specific than a default route; OpenVPN's def1 routes are /1s. Either way the host route wins, so the disguise's
 * own packets never enter the tunnel they carry.
 */
async function addHostRoute(address: string, journal: ChangeJournal, runner: ProcessRunner): Promise<void> {
  const family = address.includes(':') ? '-6' : '-4';
  const shown = await runner.run('ip', [family, 'route', 'show', 'table', 'main', 'default']);
  const line = shown.stdout.split('\n').find((l) => l.startsWith('default'));
  if (!line) return; // No default route: the disguise server is on a connected network, already outside.
  const via = /\bvia (\S+)/.exec(line)?.[1];
  const dev = /\bdev (\S+)/.exec(line)?.[1];
  const prefix = `${address}/${family === '-6' ? 128 : 32}`;
  const target = [...(via ? ['via', via] : []), ...(dev ? ['dev', dev] : [])];
  const entry = await journal.record(
    `route to the disguise server ${prefix}`,
    runUndo('ip', [family, 'route', 'del', prefix, ...target]),
  );
  const added = await runner.run('ip', [family, 'route', 'replace', prefix, ...target]);
  if (added.code !== 0) {
    await journal.forget(entry);
    throw new HoldfastError(
      'tunnel-failed',
      `Could not route the disguise server outside the tunnel: ${added.stderr.trim()}`,
    );
  }
}
