import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { EventHub } from '../events';
import type { Profile } from '../profiles/types';
import type { TunnelCredentials } from '../tunnel/driver';
import type { CredentialStore } from './credential-store';

interface Pending {
  profile: Profile;
  resolve: (value: TunnelCredentials) => void;
  reject: (err: Error) => void;
}

/**
 * Asks the window for a username and password when a profile needs them, through a
 * `credentials-request` event answered by `credentials.provide`. Answers are kept in memory for the
 * session (a reconnect never asks again) and sealed on disk only when the user ticks "remember".
 */
export class CredentialsBroker {
  private readonly pending = new Map<string, Pending>();
  private readonly session = new Map<string, TunnelCredentials>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly store: CredentialStore,
    private readonly hub: EventHub,
    private readonly clock: Clock,
  ) {}

  async request(profile: Profile): Promise<TunnelCredentials | undefined> {
    if (profile.kind !== 'openvpn' || !profile.authUserPass) return undefined;
    const known =
      this.session.get(profile.id) ?? (this.failed.has(profile.id) ? undefined : await this.store.get(profile.id));
    if (known) return known;
    const requestId = randomUUID();
    const answer = new Promise<TunnelCredentials>((resolve, reject) => {
      this.pending.set(requestId, { profile, resolve, reject });
    });
    this.hub.emit({
      type: 'credentials-request',
      at: new Date(this.clock.now()).toISOString(),
      requestId,
      profile: profile.id,
      profileName: profile.name,
      previousFailed: this.failed.has(profile.id),
    });
    return answer;
  }

  async provide(requestId: string, credentials: TunnelCredentials, remember: boolean): Promise<boolean> {
    const pending = this.pending.get(requestId);
    if (!pending) return false;
    this.pending.delete(requestId);
    this.failed.delete(pending.profile.id);
    this.session.set(pending.profile.id, credentials);
    if (remember) await this.store.remember(pending.profile.id, credentials);
    pending.resolve(credentials);
    return true;
  }

  cancel(requestId: string): boolean {
    const pending = this.pending.get(requestId);
    if (!pending) return false;
    this.pending.delete(requestId);
    pending.reject(new HoldfastError('credentials-needed', `${pending.profile.name} needs a username and password`));
    return true;
  }

  /** The server refused them: drop what we had so the next connect asks again, saying why. */
  async refused(profileId: string): Promise<void> {
    this.session.delete(profileId);
    this.failed.add(profileId);
    await this.store.forget(profileId);
  }

  async forget(profileId: string): Promise<boolean> {
    this.session.delete(profileId);
    return this.store.forget(profileId);
  }

  /** Ends the session's memory (on disconnect) and any question still open. */
  reset(): void {
    this.session.clear();
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }
}
