import type { ConnectionController } from '../connection/connection-controller';
import type { ConnectionSnapshot } from '../connection/state';
import type { EventHub } from '../events';
import type { ProfileStore } from '../profiles/profile-store';
import type { ConnectionOwnerPort } from '../system/owner/owner-port';
import type { OwnerClaimant } from '../system/owner/owner-record';

/**
 * Connects only as the machine's one connection owner (docs/desktop.md, "One Holdfast per machine"):
 * the claim comes before anything changes, the release after the disconnect has removed everything,
 * and a take-over by another session disconnects this one while the kill switch stays for the next.
 */
export class ConnectionOwnership {
  // Claims and releases run in order: a release still on its way must not undo the next claim.
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly port: ConnectionOwnerPort | null,
    private readonly controller: ConnectionController,
    hub: EventHub,
    profiles: ProfileStore,
  ) {
    if (!port) return;
    hub.on((event) => {
      if (event.type !== 'state') return;
      if (event.state === 'disconnected') {
        this.serial(() => port.release());
        return;
      }
      const id = event.profile;
      if (id)
        void profiles.get(id).then(
          (p) => port.update(p.name),
          () => undefined,
        );
    });
    port.onTakenOver(async (by) => {
      await controller.disconnect(`${takenOverBy(by)} took this machine's connection over`);
    });
  }

  async connect(profileId: string | undefined, takeOver: boolean): Promise<ConnectionSnapshot> {
    const port = this.port;
    if (!port) return this.controller.start(profileId);
    await this.serial(() => port.claim({ takeOver }));
    try {
      return await this.controller.start(profileId);
    } catch (err) {
      // Refused before anything ran (no such profile, say): the machine is free again.
      if (this.controller.snapshot().state === 'disconnected') await this.serial(() => port.release());
      throw err;
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function takenOverBy(by: OwnerClaimant): string {
  return by.client === 'app' ? `The Holdfast app (process ${by.pid})` : `\`holdfast connect\` (process ${by.pid})`;
}
