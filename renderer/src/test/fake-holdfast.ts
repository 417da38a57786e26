import type { ConnectionSnapshot } from '../../../main/core/connection/state';
import type { EngineSettings } from '../store/types';
import type { ErrorPayload } from '../../../main/core/errors';
import type { CoreEvent } from '../../../main/core/events';
import type {
  AppInfo,
  CommandName,
  CommandParams,
  CommandResults,
  Envelope,
  EventName,
  HoldfastApi,
  ShellEvent,
} from '../../../preload/contract';

type Handler<C extends CommandName> = (
  params: CommandParams<C>,
) => Envelope<CommandResults[C]> | Promise<Envelope<CommandResults[C]>>;

export const snapshot = (patch: Partial<ConnectionSnapshot> = {}): ConnectionSnapshot => ({
  state: 'disconnected',
  profileId: null,
  profileName: null,
  reason: 'not connected yet',
  since: '2030-01-01T00:00:00.000Z',
  connectedAt: null,
  live: null,
  error: null,
  security: null,
  route: null,
  ...patch,
});

export const appInfo = (patch: Partial<AppInfo> = {}): AppInfo => ({
  version: '1.2.3',
  platform: 'linux',
  privileged: true,
  privilegeHint: null,
  vault: { backend: 'os-keychain', strength: 'os-keychain' },
  capabilities: { importDialog: false, systemNotifications: false },
  ...patch,
});

/** What `settings.get` answers: every section at its default, failover and kill switch included. */
export const engineSettings = (patch: Partial<EngineSettings> = {}): EngineSettings => ({
  version: 1,
  health: {
    probeTarget: '',
    connectProbeTimeoutMs: 15_000,
    pollIntervalMs: 1000,
    publicResolvers: { enabled: true, addresses: ['1.1.1.1'] },
  },
  security: { minimumKeyBits: 0, refuseLegacyCiphers: false },
  disguise: { mode: 'automatic', order: ['shadowsocks', 'tls', 'obfs4'] },
  ui: { language: 'system', theme: 'system', launchAtLogin: false, startMinimized: false },
  failover: {
    enabled: true,
    sensitivity: 'balanced',
    protocolOrder: ['wireguard-udp', 'openvpn-udp', 'openvpn-tcp:443', 'openvpn-tcp'],
    raceWidth: 3,
    staggerMs: 300,
    returnToPreferred: true,
    returnAfterMs: 300_000,
    hotStandby: false,
    preferredServer: null,
    minSwitchIntervalMs: 180_000,
    unresolvedNoticeAfterMs: 30_000,
    quietWindowMs: 180_000,
    servers: { names: {}, countries: {}, assignments: {}, cities: {}, favourites: [] },
  },
  killSwitch: { enabled: true, allowLan: false, allowPrivateServerAddresses: false },
  servers: { autoMeasure: false },
  ...patch,
});

/**
 * window.holdfast for component tests: records every command, answers from per-command handlers (unknown
 * ones like the real dispatcher does), and lets a test push events as main would.
 */
export class FakeHoldfast implements HoldfastApi {
  readonly calls: { command: CommandName; params: unknown }[] = [];
  private readonly handlers = new Map<CommandName, Handler<CommandName>>();
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  constructor() {
    this.respond('app.info', appInfo());
    this.respond('profiles.list', []);
    this.respond('connection.snapshot', snapshot());
    this.respond('settings.get', engineSettings());
    this.respond('incidents.list', []);
    this.respond('recovery.status', { blocked: false, detail: null });
    this.respond('servers.list', { servers: [], preferredServer: null, preferredMissing: false });
  }

  handle<C extends CommandName>(command: C, handler: Handler<C>): this {
    this.handlers.set(command, handler as unknown as Handler<CommandName>);
    return this;
  }

  respond<C extends CommandName>(command: C, value: CommandResults[C]): this {
    return this.handle(command, () => ({ ok: true, value }));
  }

  fail(command: CommandName, error: ErrorPayload): this {
    return this.handle(command, () => ({ ok: false, error }));
  }

  callsOf(command: CommandName): unknown[] {
    return this.calls.filter((c) => c.command === command).map((c) => c.params);
  }

  async invoke<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Envelope<CommandResults[C]>> {
    this.calls.push({ command, params });
    const handler = this.handlers.get(command) as Handler<C> | undefined;
    if (!handler) return { ok: false, error: { code: 'unknown-command', message: `${command} is not available here` } };
    return handler(params);
  }

  on<E extends EventName>(event: E, listener: (payload: Extract<CoreEvent, { type: E }>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit(event: CoreEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) (listener as (e: CoreEvent) => void)(event);
  }

  /** Sends what the Electron shell itself sends the window, e.g. `navigate` after a notification click. */
  emitShell(event: ShellEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) (listener as (e: ShellEvent) => void)(event);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
