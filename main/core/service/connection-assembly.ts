import path from 'node:path';
import type { Clock } from '../clock';
import { ConnectionController } from '../connection/connection-controller';
import { FailoverEngine } from '../connection/failover/engine';
import { JsonFileMemoryStore } from '../connection/failover/memory-file';
import type { FailoverNotification } from '../connection/failover/notifications';
import { KillSwitchGuard } from '../connection/kill-switch-guard';
import { ServerAddressBook, type AddressMemory, type HostResolver } from '../connection/server-addresses';
import { readJsonFile, writeJsonFile } from '../storage/atomic-file';
import type { SecurityVerdict } from '../connection/security-gate';
import { LogLimiter } from '../connection/log-limiter';
import { TunnelLauncher, type ExtraProbes, type ProbeFn } from '../connection/tunnel-launcher';
import type { EventHub } from '../events';
import type { DisguiseStarter } from '../connection/disguise-starter';
import type { ProfileStore } from '../profiles/profile-store';
import type { Profile } from '../profiles/types';
import type { KillSwitchPort } from '../security/killswitch';
import { meetsMinimum, rateExpected } from '../security/strength';
import type { SettingsStore } from '../settings/settings-store';
import type { LinkSignals } from '../system/link-signals';
import type { NegotiatedSecurity, TunnelCredentials, TunnelDriver } from '../tunnel/driver';

export interface ConnectionAssemblyOptions {
  dataDir: string;
  runtimeDir: string;
  clock: Clock;
  hub: EventHub;
  profiles: ProfileStore;
  settings: SettingsStore;
  drivers: Partial<Record<Profile['kind'], TunnelDriver>>;
  probe: ProbeFn;
  extraProbes?: ExtraProbes;
  linkSignals?: LinkSignals;
  killSwitch: KillSwitchPort | null;
  securityGate: (security: NegotiatedSecurity, settings: ReturnType<SettingsStore['get']>) => SecurityVerdict;
  credentials: (profile: Profile) => Promise<TunnelCredentials | undefined>;
  resolveHost?: HostResolver;
  /** Names the local network (gateway and interface) for failover memory. */
  networkKey: () => Promise<string>;
  /** Runs disguise programs for disguised routes (docs/disguise.md). */
  disguises?: DisguiseStarter;
}

export interface ConnectionAssembly {
  controller: ConnectionController;
  failover: FailoverEngine;
  guard: KillSwitchGuard;
}

const TITLES: Record<FailoverNotification['kind'], string> = {
  resolved: 'Reconnected',
  unresolved: 'No server is reachable',
  restored: 'Back on your preferred server',
  'needs-user': 'Holdfast needs you',
};

/** Wires the failover engine, the kill switch guard and the tunnel launcher into one controller. */
export async function assembleConnection(o: ConnectionAssemblyOptions): Promise<ConnectionAssembly> {
  const now = (): string => new Date(o.clock.now()).toISOString();
  const profileById = new Map<string, Profile>();
  const failover = await FailoverEngine.create({
    clock: o.clock,
    settings: () => o.settings.get().failover,
    disguiseSettings: () => o.settings.get().disguise,
    store: new JsonFileMemoryStore(path.join(o.dataDir, 'failover-memory.json')),
    // Candidates whose expected encryption is below the user's minimum never enter a race.
    allowed: (candidate) => {
      const profile = profileById.get(candidate.profileId);
      if (!profile) return true;
      const check = meetsMinimum(rateExpected(profile), o.settings.get().security);
      return check.ok ? true : check.reason;
    },
    onNotification: (n) =>
      o.hub.emit({
        type: 'notification',
        at: n.at,
        title: n.message.code === 'failover.connected' ? 'Connected' : TITLES[n.kind],
        body: n.message.text,
        kind: n.kind,
        incidentId: n.incidentId,
        code: n.message.code,
        params: { ...n.message.params },
      }),
    onIncident: (incident) => o.hub.emit({ type: 'incident', at: now(), incident: structuredClone(incident) }),
    onProblem: (message) => o.hub.emit({ type: 'log', at: now(), level: 'warn', message }),
  });
  const refreshProfiles = async (): Promise<void> => {
    const all = await o.profiles.list();
    profileById.clear();
    for (const p of all) profileById.set(p.id, p);
    failover.setProfiles(all);
  };
  await refreshProfiles();
  o.hub.on((event) => {
    if (event.type === 'profiles-changed') void refreshProfiles();
  });
  let network = await o.networkKey().catch(() => 'unknown');
  failover.networkChanged(network);
  // The network is looked at again on every connect: memory follows the machine from network to network.
  o.hub.on((event) => {
    if (event.type === 'state' && event.state === 'connecting' && !event.error) {
      void o.networkKey().then(
        (key) => {
          network = key;
          failover.networkChanged(key);
        },
        () => undefined,
      );
    }
  });

  // Tunnel drivers say a lot at once (a race starts several OpenVPNs): a few lines a second reach the events.
  const limiter = new LogLimiter(o.clock, (level, message) => o.hub.emit({ type: 'log', at: now(), level, message }));
  const log = (level: 'info' | 'warn' | 'error', message: string): void => limiter.log(level, message);
  const addressFile = path.join(o.dataDir, 'server-addresses.json');
  const addresses = new ServerAddressBook({
    resolve: o.resolveHost,
    store: {
      load: () => readJsonFile<AddressMemory>(addressFile),
      save: (memory) => writeJsonFile(addressFile, memory),
    },
    now: () => o.clock.now(),
    networkKey: () => network,
    allowPrivate: () => o.settings.get().killSwitch.allowPrivateServerAddresses,
    log,
  });
  const guard = new KillSwitchGuard(o.killSwitch, () => o.settings.get().killSwitch, addresses);
  const launcher = new TunnelLauncher({
    clock: o.clock,
    drivers: o.drivers,
    profiles: o.profiles,
    settings: () => o.settings.get(),
    probe: o.probe,
    extraProbes: o.extraProbes,
    runtimeDir: o.runtimeDir,
    guard,
    securityGate: o.securityGate,
    credentials: o.credentials,
    ...(o.disguises ? { disguises: o.disguises } : {}),
    log,
  });
  const controller = new ConnectionController({
    clock: o.clock,
    hub: o.hub,
    profiles: o.profiles,
    settings: () => o.settings.get(),
    launcher,
    failover,
    guard,
    linkSignals: o.linkSignals,
    timings: () => failover.healthTimings(),
  });
  return { controller, failover, guard };
}
