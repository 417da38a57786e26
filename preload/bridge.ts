import type {
  CommandName,
  CommandParams,
  CommandResults,
  Envelope,
  EventName,
  HoldfastApi,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
} from './contract';

/**
 * The names (and channels) the preload lets through. They repeat contract.ts on purpose: importing
 * contract.ts at run time would bundle zod into the sandboxed preload. The type checks below fail the build if a name is
 * added to or removed from the contract without being added here, and bridge.test.ts compares the
 * lists at run time as well.
 */
export const ALLOWED_COMMANDS = [
  'app.info',
  'profiles.list',
  'profiles.import',
  'profiles.importDialog',
  'profiles.remove',
  'connection.connect',
  'connection.disconnect',
  'connection.snapshot',
  'settings.get',
  'settings.set',
  'incidents.list',
  'failover.forgetNetwork',
  'recovery.status',
  'recovery.clear',
  'credentials.provide',
  'credentials.cancel',
  'credentials.forget',
  'servers.list',
  'servers.rename',
  'servers.setCountry',
  'servers.assign',
  'servers.prefer',
  'servers.setPlace',
  'servers.favourite',
  'servers.measure',
  'servers.best',
  'profiles.cancelImport',
  'disguises.list',
  'disguises.attach',
  'disguises.detach',
  'disguises.auto',
  'disguises.remove',
] as const satisfies readonly CommandName[];

export const ALLOWED_EVENTS = [
  'state',
  'status',
  'security',
  'profiles-changed',
  'servers-changed',
  'import-progress',
  'disguises-changed',
  'log',
  'drop',
  'failover',
  'notification',
  'incident',
  'credentials-request',
  'navigate',
] as const satisfies readonly EventName[];

type Exhaustive<Missing> = [Missing] extends [never] ? true : { missing: Missing };
const commandsComplete: Exhaustive<Exclude<CommandName, (typeof ALLOWED_COMMANDS)[number]>> = true;
const eventsComplete: Exhaustive<Exclude<EventName, (typeof ALLOWED_EVENTS)[number]>> = true;
void commandsComplete;
void eventsComplete;

// Typed as the contract's constants, so a renamed channel fails the build instead of going silent.
export const INVOKE_CHANNEL: typeof IPC_INVOKE_CHANNEL = 'holdfast:invoke';
export const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'holdfast:event';

/** The part of Electron's ipcRenderer the bridge uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const commandSet: ReadonlySet<string> = new Set(ALLOWED_COMMANDS);
const eventSet: ReadonlySet<string> = new Set(ALLOWED_EVENTS);

/**
 * Builds window.holdfast over an ipcRenderer. Unknown commands are answered locally with the same
 * envelope main would send, so they never reach main; the renderer gets event payloads only, never
 * Electron's event object (which would expose the sender).
 */
export function createHoldfastApi(ipc: IpcRendererLike): HoldfastApi {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let attached = false;

  // One IPC listener for all subscriptions, attached on first use: the renderer can subscribe many
  // components without tripping Node's listener-count warning.
  const onMessage = (_event: unknown, payload: unknown): void => {
    const type = (payload as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !eventSet.has(type)) return;
    for (const listener of [...(listeners.get(type) ?? [])]) {
      try {
        listener(payload as never);
      } catch (err) {
        console.error(`holdfast: a listener for "${type}" failed`, err);
      }
    }
  };

  const api: HoldfastApi = {
    invoke<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Envelope<CommandResults[C]>> {
      if (typeof command !== 'string' || !commandSet.has(command)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown-command', message: `Unknown command: ${String(command).slice(0, 80)}` },
        });
      }
      return ipc.invoke(INVOKE_CHANNEL, command, params ?? {}) as Promise<Envelope<CommandResults[C]>>;
    },
    on(event, listener) {
      if (typeof event !== 'string' || !eventSet.has(event)) {
        throw new TypeError(`Unknown event: ${String(event).slice(0, 80)}`);
      }
      if (typeof listener !== 'function') throw new TypeError('holdfast.on needs a listener function');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      if (!attached) {
        ipc.on(EVENT_CHANNEL, onMessage);
        attached = true;
      }
      return () => {
        set.delete(listener as (payload: never) => void);
        if (attached && [...listeners.values()].every((s) => s.size === 0)) {
          ipc.removeListener(EVENT_CHANNEL, onMessage);
          attached = false;
        }
      };
    },
  };
  return Object.freeze(api);
}
