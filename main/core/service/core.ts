import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../../preload/contract';
import { systemClock, type Clock } from '../clock';
import type { ConnectionController } from '../connection/connection-controller';
import type { ConnectionSnapshot } from '../connection/state';
import { EventHub } from '../events';
import {
  readImportSources,
  runImport,
  type ImportProgress,
  type ImportReport,
  type ImportSource,
} from '../profiles/importer';
import { AutoMeasure } from './auto-measure';
import { ImportJobs } from './import-jobs';
import { ProfileStore } from '../profiles/profile-store';
import type { ImportOutcome } from '../profiles/types';
import { FileKeyVault } from '../security/file-key-vault';
import type { KillSwitchPort } from '../security/killswitch';
import type { Vault } from '../security/vault';
import { SettingsStore } from '../settings/settings-store';
import { localNetworkKey } from '../system/network-key';
import { NodeProcessRunner } from '../system/node-process-runner';
import type { ProcessRunner } from '../system/process-runner';
import type { ExtraProbes } from '../connection/tunnel-launcher';
import type { TunnelCredentials, TunnelDriver } from '../tunnel/driver';
import type { Profile } from '../profiles/types';
import { CredentialStore } from './credential-store';
import { CredentialsBroker } from './credentials-broker';
import { Dispatcher, type CommandHandlers } from './dispatcher';
import { createHandlers } from './handlers';
import { Recovery } from './recovery';
import { assembleConnection } from './connection-assembly';
import { ServerService } from './server-service';
import { LatencyMeter, type MeterNetwork } from './latency-meter';
import { systemLatencyNetwork } from '../system/latency-network';
import {
  createDrivers,
  createExtraProbes,
  createKillSwitch,
  createLinkSignals,
  createProbe,
  recoverLeftovers,
} from './platform';
import { DisguiseService } from '../disguise/disguise-service';
import { isDisguiseSource, splitDisguiseSources } from '../disguise/disguise-import';
import { DisguiseStore } from '../disguise/disguise-store';
import { ProgramDisguiseStarter, type DisguiseStarter } from '../connection/disguise-starter';
import { DISGUISE_ACCOUNT } from '../disguise/program-spec';
import { freeLoopbackPort } from '../system/free-port';
import { NodeFilePort } from '../system/file-port';
import { defaultJournalDeps } from '../system/change-journal';
import { createDisguiseHandlers } from '../disguise/disguise-handlers';
import type { LinkSignals } from '../system/link-signals';
import { rateExpected, securityGate, toSecurityEventFields } from '../security/strength';
import { ConnectionOwnership } from './connection-ownership';
import { LocalConnectionOwner, servedUid, type ConnectionOwnerPort } from '../system/owner/owner-port';

/** Tests and the harness run without a network to measure: every probe goes unanswered, nothing is sent. */
const SILENT_NETWORK: MeterNetwork = {
  icmp: async () => null,
  tcp: async () => null,
  resolve: async () => null,
};

export interface HoldfastCoreOptions {
  dataDir: string;
  vault?: Vault;
  runner?: ProcessRunner;
  clock?: Clock;
  version?: string;
  /** Replace the real tunnel drivers (tests, harness without privileges). */
  drivers?: Partial<Record<Profile['kind'], TunnelDriver>>;
  probe?: (target: string, timeoutMs: number, interfaceName?: string) => Promise<boolean>;
  /** The network `servers.measure` probes; with fake drivers and none given, nothing ever answers. */
  latencyNetwork?: MeterNetwork;
  extraProbes?: ExtraProbes;
  /** The system's tunnel counters for fast detection; default: /proc on Linux with the real drivers. */
  linkSignals?: LinkSignals;
  extraHandlers?: Partial<CommandHandlers>;
  /**
   * The kill switch port: in-process nftables when running as root (default), the privileged helper's
   * when the app runs as a user, null where none is available.
   */
  killSwitch?: KillSwitchPort | null;
  /** Tunnels can be started (root, or a privileged helper is connected). Default: running as root. */
  privileged?: boolean;
  /** Whether the front door shows system notifications (the Electron shell does). */
  systemNotifications?: boolean;
  /** Asked when an OpenVPN profile needs a username and password; default: ask the window. */
  credentials?: (profile: Profile) => Promise<TunnelCredentials | undefined>;
  /**
   * The machine's one connection owner: the helper's when it is used; when Holdfast runs as root with
   * the real drivers, held in-process (default); null for none (tests, the harness).
   */
  owner?: ConnectionOwnerPort | null;
  /** Which front door this is, for the owner record other sessions read. Default: cli. */
  client?: 'app' | 'cli';
  /** Runs disguise programs; default: the real programs with the real drivers, none with injected drivers. */
  disguises?: DisguiseStarter | null;
}

export interface HoldfastCore {
  dispatcher: Dispatcher;
  events: EventHub;
  controller: ConnectionController;
  profiles: ProfileStore;
  settings: SettingsStore;
  runtimeDir: string;
  /** `jobId` names the import in its `import-progress` events and for cancelling it. */
  importPaths(paths: string[], jobId?: string): Promise<ImportOutcome[]>;
  importSources(sources: ImportSource[], jobId?: string): Promise<ImportOutcome[]>;
  snapshot(): ConnectionSnapshot;
  info(): AppInfo;
  /** Undoes what a killed run left behind; returns one line per thing cleaned. */
  recoverLeftovers(): Promise<string[]>;
  /** The kill switch of a session that ended unexpectedly, found and (on request) cleared. */
  recovery: Recovery;
  /** Servers as the user sees them: listed, renamed, regrouped, preferred (`holdfast servers`). */
  servers: ServerService;
  /** Connects as the machine's connection owner; `takeOver` takes it from another session of the user. */
  connect(profileId?: string, options?: { takeOver?: boolean }): Promise<ConnectionSnapshot>;
  /** Imported disguises and the servers they are attached to (`holdfast servers disguises`). */
  disguises: DisguiseService;
  shutdown(reason?: string): Promise<void>;
  /** The app (not the one-shot CLI) lets latency be measured now and then when `servers.autoMeasure` is on. */
  startAutoMeasure(): void;
}

/** The composition root shared by the Electron app, the CLI and the browser harness. */
export async function createHoldfastCore(options: HoldfastCoreOptions): Promise<HoldfastCore> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const runtimeDir = path.join(dataDir, 'runtime');
  await fs.mkdir(runtimeDir, { recursive: true, mode: 0o700 });
  await fs.chmod(runtimeDir, 0o700);

  const clock = options.clock ?? systemClock;
  const runner = options.runner ?? new NodeProcessRunner();
  const vault = options.vault ?? (await FileKeyVault.open(dataDir));
  const events = new EventHub();
  const profiles = await ProfileStore.open(dataDir, vault);
  const settings = await SettingsStore.open(dataDir);
  const privileged = options.privileged ?? isPrivileged();

  if (settings.loadProblem) {
    events.emit({ type: 'log', at: new Date(clock.now()).toISOString(), level: 'warn', message: settings.loadProblem });
  }

  const broker = new CredentialsBroker(new CredentialStore(dataDir, vault), events, clock);
  const localOwner =
    options.owner === undefined && privileged && !options.drivers && isPrivileged()
      ? new LocalConnectionOwner({
          client: options.client ?? 'cli',
          pid: process.pid,
          uid: servedUid(process.env),
          holderPid: process.pid,
        })
      : undefined;
  const owner = options.owner === undefined ? (localOwner ?? null) : options.owner;
  const plainKillSwitch =
    options.killSwitch === undefined ? (privileged ? createKillSwitch(runner, runtimeDir) : null) : options.killSwitch;
  const killSwitch = localOwner && plainKillSwitch ? localOwner.guardKillSwitch(plainKillSwitch) : plainKillSwitch;
  let isConnected = (): boolean => false;
  const recovery = new Recovery(runner, runtimeDir, options.drivers ? null : killSwitch, () => isConnected());
  const disguiseStore = await DisguiseStore.open(dataDir, vault);
  if (disguiseStore.loadProblem) {
    const message = `${disguiseStore.loadProblem} Disguises cannot be changed until it is repaired or removed.`;
    events.emit({ type: 'log', at: new Date(clock.now()).toISOString(), level: 'warn', message });
  }
  const disguiseStarter =
    options.disguises === undefined
      ? options.drivers
        ? undefined
        : new ProgramDisguiseStarter({
            runner,
            files: new NodeFilePort(),
            clock,
            journalDeps: defaultJournalDeps(),
            source: disguiseStore,
            ...(privileged ? { dropTo: DISGUISE_ACCOUNT } : {}),
            freePort: freeLoopbackPort,
          })
      : (options.disguises ?? undefined);
  const { controller, failover } = await assembleConnection({
    dataDir,
    runtimeDir,
    clock,
    hub: events,
    profiles,
    settings,
    drivers: options.drivers ?? createDrivers(runner, clock),
    probe: options.probe ?? createProbe(runner),
    // An injected probe stands for the whole network (tests, the harness): no real sockets beside it.
    extraProbes: options.extraProbes ?? (options.probe ? undefined : createExtraProbes(runner)),
    linkSignals: options.linkSignals ?? (options.drivers ? undefined : createLinkSignals()),
    killSwitch,
    networkKey: () => (options.drivers ? Promise.resolve('test') : localNetworkKey(runner)),
    securityGate,
    credentials: options.credentials ?? ((profile) => broker.request(profile)),
    ...(disguiseStarter ? { disguises: disguiseStarter } : {}),
  });
  isConnected = () => controller.snapshot().state !== 'disconnected';
  const servers = new ServerService({
    engine: failover,
    settings,
    // The shared list: the server list reads a fleet without copying it on every call.
    profiles: { list: () => profiles.shared(), get: (id) => profiles.get(id) },
    events,
    clock,
    expected: (profile) => {
      const fields = toSecurityEventFields(rateExpected(profile as Profile));
      return { rating: fields.rating, securityBits: fields.securityBits };
    },
    meter: new LatencyMeter(
      options.latencyNetwork ?? (options.drivers ? SILENT_NETWORK : systemLatencyNetwork(runner)),
      clock,
    ),
    measureGate: async () => {
      const snap = controller.snapshot();
      const leftover = snap.state === 'disconnected' ? (await recovery.status()).blocked : false;
      const connected = snap.state !== 'disconnected';
      const killSwitchUp = leftover || (connected && settings.get().killSwitch.enabled);
      const blocked = killSwitchUp ? 'kill-switch' : connected ? 'connected' : null;
      const catalog = failover.servers();
      const current = snap.profileId ? catalog.candidatesOf(snap.profileId)[0] : undefined;
      const allowed = connected && current ? (catalog.server(current.serverKey)?.hosts ?? []) : [];
      return { blocked, allowedHosts: new Set(allowed) };
    },
  });
  const ownership = new ConnectionOwnership(owner, controller, events, profiles);
  const disguises = new DisguiseService({
    store: disguiseStore,
    servers: async () => (await servers.list()).servers,
    events,
    clock,
  });
  // The engine races each server's disguises: it learns them now, and again whenever disguises or servers change.
  // Without any disguise there is nothing to learn, so no server listing is built for it (at start-up, or on
  // every `servers-changed` while a fleet is measured); changes that arrive during a refresh make one more.
  let refreshing: Promise<void> | null = null;
  let again = false;
  const learnDisguises = async (): Promise<void> => {
    const byServer =
      disguiseStore.list().length === 0 ? {} : (await disguises.list().catch(() => ({ byServer: {} }))).byServer;
    failover.setDisguises(
      Object.fromEntries(
        Object.entries(byServer).map(([key, list]) => [key, list.map((d) => ({ id: d.id, kind: d.kind }))]),
      ),
    );
  };
  const refreshDisguises = (): Promise<void> => {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      do {
        again = false;
        await learnDisguises();
      } while (again);
      refreshing = null;
    })();
    return refreshing;
  };
  await refreshDisguises();
  events.on((event) => {
    if (['disguises-changed', 'profiles-changed', 'servers-changed'].includes(event.type)) void refreshDisguises();
  });
  events.on((event) => {
    if (event.type === 'state' && event.state === 'failed' && event.error?.code === 'auth-failed' && event.profile) {
      void broker.refused(event.profile);
    }
  });

  const autoMeasure = new AutoMeasure({
    clock,
    enabled: () => settings.get().servers.autoMeasure,
    idle: async () => controller.snapshot().state === 'disconnected' && !(await recovery.status()).blocked,
    measure: () => servers.measure(),
  });
  const jobs = new ImportJobs(events, clock);
  const importSources = async (sources: ImportSource[], jobId?: string): Promise<ImportOutcome[]> => {
    const job = jobs.start(jobId);
    let counts: ImportProgress = { read: 0, total: 0, imported: 0, updated: 0, unchanged: 0, refused: 0 };
    let report: ImportReport = { outcomes: [], removed: [], cancelled: false };
    try {
      const connected = controller.snapshot().profileId;
      const serverBefore = await servers.serverOfProfiles();
      // Disguise files (ss:// links, bridge lines, SIP008) are taken out first; the rest are profiles.
      const split = splitDisguiseSources(sources);
      const profileSources = split.profiles;
      report = await runImport(profiles, profileSources, {
        signal: job.signal,
        onProgress: (p) => {
          counts = p;
          job.progress(p);
        },
        // The profile in use stays even if its bundle dropped it; the user removes it when done with it.
        ...(connected ? { keep: new Set([connected]) } : {}),
      });
      // A server whose address changed keeps the user's name, place and star under its new key.
      const updated = report.outcomes.flatMap((o) => (o.status === 'imported' && o.updated ? [o.id] : []));
      if (updated.length > 0) await servers.carryOver(serverBefore, updated).catch(() => false);
      // What a re-import retired goes the way of a removal: remembered credentials and placements with it.
      for (const gone of report.removed) {
        await broker.forget(gone.id).catch(() => undefined);
        await servers.profileRemoved(gone).catch(() => false);
      }
      if (report.removed.length > 0 || report.outcomes.some((o) => o.status === 'imported')) {
        events.emit({ type: 'profiles-changed', at: new Date(clock.now()).toISOString() });
      }
      if (report.cancelled || split.disguises.length === 0) return report.outcomes;
      const own = profileSources.length > 0 ? report.outcomes : [];
      return [...own, ...(await disguises.importFiles(split.disguises))];
    } finally {
      job.finish(counts, { removed: report.removed.map((p) => p.id), cancelled: report.cancelled });
    }
  };

  const info = (): AppInfo => ({
    version: options.version ?? '0.0.0',
    platform: process.platform,
    privileged,
    privilegeHint: privileged
      ? null
      : 'Connecting needs administrator rights, and the privileged helper is not available yet. To connect, run Holdfast with sudo (for example `sudo holdfast connect`).',
    vault: vault.info(),
    capabilities: {
      importDialog: Boolean(options.extraHandlers?.['profiles.importDialog']),
      systemNotifications: options.systemNotifications ?? false,
    },
  });

  const handlers: Partial<CommandHandlers> = {
    ...createHandlers({
      clock,
      events,
      controller,
      profiles,
      settings,
      credentials: broker,
      resilience: {
        incidents: () => failover.incidents(),
        forgetNetwork: async () => failover.forgetNetwork(),
        recoveryStatus: () => recovery.status(),
        clearRecovery: async () => (await recovery.clear()).status,
      },
      servers,
      info,
      importSources,
      cancelImport: (jobId) => jobs.cancel(jobId),
    }),
    'connection.connect': async ({ profileId, takeOver }) => ownership.connect(profileId, takeOver === true),
    ...createDisguiseHandlers(disguises),
    ...options.extraHandlers,
  };

  return {
    dispatcher: new Dispatcher(handlers),
    events,
    controller,
    profiles,
    settings,
    runtimeDir,
    importPaths: async (paths, jobId) =>
      importSources(await readImportSources(paths, { companion: isDisguiseSource }), jobId),
    importSources,
    snapshot: () => controller.snapshot(),
    info,
    recovery,
    servers,
    connect: (profileId, connectOptions) => ownership.connect(profileId, connectOptions?.takeOver === true),
    disguises,
    // A previous run that was killed may have left interfaces, routes or DNS changes behind; only
    // journals whose owner process is gone are undone, so a live connection elsewhere is safe.
    recoverLeftovers: async () => {
      if (!privileged || options.drivers) return [];
      return recoverLeftovers(runtimeDir, runner);
    },
    startAutoMeasure: () => autoMeasure.start(),
    shutdown: async (reason = 'Holdfast is closing') => {
      autoMeasure.stop();
      if (controller.snapshot().state !== 'disconnected') await controller.disconnect(reason);
      await failover.flush();
    },
  };
}

function isPrivileged(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
