import type { ConnectionState, LiveStatus } from './connection/state';
import type { ErrorPayload } from './errors';

/**
 * Everything core tells the outside world. The CLI prints these as NDJSON, the shell and the harness
 * forward them over the contract, the renderer store folds them. Each carries an ISO time.
 */
export interface StateEvent {
  type: 'state';
  at: string;
  state: ConnectionState;
  profile: string | null;
  reason: string;
  error?: ErrorPayload;
}

export interface StatusEvent extends LiveStatus {
  type: 'status';
  at: string;
  profile: string;
}

export interface SecurityEvent {
  type: 'security';
  at: string;
  profile: string;
  protocol: 'wireguard' | 'openvpn';
  dataCipher: string;
  dataKeyBits: number;
  securityBits: number;
  controlChannel: string | null;
  rating: 'strong' | 'acceptable' | 'legacy' | 'insecure' | 'critical';
  reasons: string[];
}

export interface ProfilesChangedEvent {
  type: 'profiles-changed';
  at: string;
}

export interface LogEvent {
  type: 'log';
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export type CoreEvent = StateEvent | StatusEvent | SecurityEvent | ProfilesChangedEvent | LogEvent;

export type CoreEventType = CoreEvent['type'];

export type CoreEventListener = (event: CoreEvent) => void;

/** A tiny typed emitter; listeners that throw are isolated so one bad consumer cannot stop the engine. */
export class EventHub {
  private readonly listeners = new Set<CoreEventListener>();

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing consumer must not break the connection engine.
      }
    }
  }
}
