import { EventHub, type CoreEvent, type StateEvent } from '../events';
import type { WireGuardProfile } from '../profiles/types';
import type { KillSwitchPort } from '../security/killswitch';
import type { Settings } from '../settings/schema';
import { FakeClock } from '../testing/fake-clock';
import type { FakeDriver } from '../testing/fake-driver';
import { ConnectionController } from './connection-controller';
import { FailoverEngine } from './failover/engine';
import type { FailoverEngineDeps } from './failover/engine-types';
import { InMemoryMemoryStore } from './failover/memory-file';
import { BALANCED_TIMINGS } from './health-monitor';
import { KillSwitchGuard } from './kill-switch-guard';
import { ServerAddressBook } from './server-addresses';
import { TunnelLauncher, type LauncherDeps, type ProbeFn } from './tunnel-launcher';

/** A WireGuard profile with one peer at `host`, everything routed through it and DNS at 10.0.0.1. */
export function wgProfile(id: string, name: string, host: string): WireGuardProfile {
  return {
    id,
    name,
    kind: 'wireguard',
    sourceFile: `${id}.conf`,
    contentHash: id,
    importedAt: '2026-01-01T00:00:00.000Z',
    warnings: [],
    interface: { privateKey: 'interface.privateKey', addresses: ['10.0.0.2/32'], dns: ['10.0.0.1'], dnsSearch: [] },
    peers: [{ publicKey: 'pk', allowedIps: ['0.0.0.0/0'], endpoint: { host, port: 51820 } }],
  };
}

export const tokyo = wgProfile('tokyo-1', 'Tokyo 1', '192.0.2.1');
export const osaka = wgProfile('osaka-2', 'Osaka 2', '192.0.2.2');

export interface ControllerRigOptions {
  profiles: readonly WireGuardProfile[];
  driver: FakeDriver;
  settings: Settings;
  /** Where the kill switch's rules go. */
  port: KillSwitchPort;
  /** Answers the launcher's probes through a tunnel. */
  probe: ProbeFn;
  /** A clock the test already uses in its fakes; a new one otherwise. */
  clock?: FakeClock;
  /** Further failover engine dependencies (disguise settings). */
  engine?: Partial<FailoverEngineDeps>;
  /** Further launcher dependencies (disguises, credentials, a security gate). */
  launcher?: Partial<LauncherDeps>;
}

/**
 * A ConnectionController wired as the core wires it (failover engine, kill switch guard, tunnel launcher) on a
 * fake clock and the test's fake driver, with every event it emits collected. The engine is on the network
 * `home`, and its notifications are emitted on the hub.
 */
export async function controllerRig(options: ControllerRigOptions) {
  const { profiles, driver, settings } = options;
  const clock = options.clock ?? new FakeClock();
  const hub = new EventHub();
  const events: CoreEvent[] = [];
  hub.on((e) => events.push(e));
  const store = {
    get: async (id: string) => {
      const p = profiles.find((x) => x.id === id);
      if (!p) throw new Error(`no profile ${id}`);
      return p;
    },
    list: async () => [...profiles],
    openSecrets: async () => ({ 'interface.privateKey': 'secret' }),
  };
  const failover = await FailoverEngine.create({
    clock,
    settings: () => settings.failover,
    store: new InMemoryMemoryStore(),
    random: () => 0.5,
    onNotification: (n) =>
      hub.emit({
        type: 'notification',
        at: n.at,
        title: n.kind,
        body: n.message.text,
        kind: n.kind,
        incidentId: n.incidentId,
        code: n.message.code,
        params: {},
      }),
    ...options.engine,
  });
  failover.networkChanged('home');
  const guard = new KillSwitchGuard(
    options.port,
    () => settings.killSwitch,
    new ServerAddressBook({
      resolve: async () => [],
      now: () => clock.now(),
      networkKey: () => 'home',
      allowPrivate: () => false,
      log: () => undefined,
    }),
  );
  const launcher = new TunnelLauncher({
    clock,
    drivers: { wireguard: driver },
    profiles: store,
    settings: () => settings,
    probe: options.probe,
    runtimeDir: '/tmp/none',
    guard,
    log: () => undefined,
    ...options.launcher,
  });
  const controller = new ConnectionController({
    clock,
    hub,
    profiles: store,
    settings: () => settings,
    launcher,
    failover,
    guard,
    timings: () => BALANCED_TIMINGS,
  });
  const stateEvents = () => events.filter((e): e is StateEvent => e.type === 'state');
  return { clock, hub, events, stateEvents, store, failover, guard, launcher, controller };
}
