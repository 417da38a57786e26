import { HoldfastError } from '../../errors';
import { type MachineOwnerLock, type OwnerLease } from '../owner/machine-owner-lock';
import { connectionHeldError } from '../owner/owner-port';
import type { OwnerClaimant, OwnerRecord } from '../owner/owner-record';

export interface HelperClientInfo {
  kind: OwnerClaimant['client'];
  pid: number;
}

export interface HelperOwnershipDeps {
  lock: MachineOwnerLock;
  /** The user this helper serves (from pkexec or sudo, never from the app). */
  uid: number;
  holderPid: number;
  /** A holder whose app is gone (an orphan helper of the same user) is replaced without asking. */
  isAbandoned: (holder: OwnerRecord) => Promise<boolean>;
  /** Another session takes the connection over: stop our tunnels, leave the kill switch to it. */
  onHandOver: (by: OwnerClaimant) => Promise<void>;
}

/**
 * The helper's side of "one connection owner per machine" and of "only the session's owner changes
 * its kill switch and tunnels". Every helper serves one app or one `holdfast connect`; the machine's
 * routes and kill switch are shared, so before a helper starts a tunnel or applies the kill switch it
 * must hold the machine's connection (MachineOwnerLock). A helper of another user, or of a session
 * that was taken over, is refused with who holds it, and can never lift or replace the holder's kill
 * switch.
 *
 * A hand-over is not instant: the old session's tunnels take a moment to stop, and its app hears that
 * they exited and starts failing over at once. From the first moment of a hand-over this helper no
 * longer counts as the owner, and changes already under way finish (a tunnel that came up is stopped
 * again) before the lock goes to the new owner, so nothing of the old session outlives the hand-over.
 */
export class HelperOwnership {
  private lease: OwnerLease | undefined;
  private handedOver = false;
  private client: HelperClientInfo | undefined;
  private readonly replaced = new Set<number>();
  private readonly changing = new Set<Promise<unknown>>();
  /** While a hand-over runs: changes under way finishing, then our tunnels stopping. */
  private handingOver: Promise<void> | undefined;

  constructor(private readonly deps: HelperOwnershipDeps) {}

  get holds(): boolean {
    return this.lease !== undefined && !this.lease.released && !this.handedOver;
  }

  async claim(client: HelperClientInfo, takeOver: boolean): Promise<void> {
    this.client = client;
    if (this.holds) return;
    const { lock, uid, holderPid } = this.deps;
    const result = await lock.claim(
      { client: client.kind, pid: client.pid, uid, holderPid },
      {
        takeOver,
        mayTakeOver: async (holder) => {
          const abandoned = holder.uid === uid && (await this.deps.isAbandoned(holder));
          if (abandoned) this.replaced.add(holder.holderPid);
          return abandoned;
        },
        onHandOver: (by) => {
          this.handedOver = true;
          this.handingOver = (async () => {
            await Promise.allSettled([...this.changing]);
            await this.deps.onHandOver(by);
          })();
          return this.handingOver;
        },
      },
    );
    if (!result.ok) throw connectionHeldError(result);
    this.lease = result.lease;
    this.handedOver = false;
    this.handingOver = undefined;
  }

  async release(): Promise<void> {
    // During a hand-over the lock goes only once this session's tunnels are stopped.
    if (this.handedOver) await this.handingOver?.catch(() => undefined);
    // Kept, not cleared: a second caller (the helper exiting while its app lets go) waits for the same
    // release, so the helper never exits before the hand-over it is part of has been answered.
    await this.lease?.release();
  }

  /** Before tunnel.start and killswitch.apply: claimed here when the machine is free. */
  async requireOwner(): Promise<void> {
    if (this.holds) return;
    if (this.handedOver) throw takenOver();
    // A client that never claimed (an older app): the helper claims for it, never taking over.
    await this.claim(this.client ?? { kind: 'app', pid: process.ppid > 1 ? process.ppid : this.deps.holderPid }, false);
  }

  /**
   * Makes a change to the machine's connection (starts a tunnel, applies the kill switch) as its owner.
   * A hand-over that begins meanwhile waits for it; a change that finished after the hand-over began is
   * undone and refused, since its session no longer owns the connection.
   */
  async change<T>(run: () => Promise<T>, undo?: (value: T) => Promise<void>): Promise<T> {
    await this.requireOwner();
    if (this.handedOver) throw takenOver();
    const task = (async () => {
      const value = await run();
      if (this.handedOver) {
        await undo?.(value).catch(() => undefined);
        throw takenOver();
      }
      return value;
    })();
    this.changing.add(task);
    try {
      return await task;
    } finally {
      this.changing.delete(task);
    }
  }

  /**
   * killswitch.clear: the owner lifts its own rules; a session that was taken over leaves them to the
   * new owner ('leave'); while another session holds the machine, nobody else may lift them. With no
   * owner at all, the rules are a dead session's leftovers, which the user may lift (recover).
   */
  async clearDecision(): Promise<'clear' | 'leave'> {
    if (this.holds) return 'clear';
    if (this.handedOver) return 'leave';
    const holder = await this.deps.lock.holder();
    if (holder) {
      throw connectionHeldError({ ok: false, holder, reason: holder.uid === this.deps.uid ? 'held' : 'not-allowed' });
    }
    return 'clear';
  }

  /** True when `pid` was an abandoned helper whose connection this one took over (it then exits). */
  replacedAbandoned(pid: number): boolean {
    return this.replaced.has(pid);
  }

  setServer(name: string): void {
    void this.lease?.update({ server: name }).catch(() => undefined);
  }
}

function takenOver(): HoldfastError {
  return new HoldfastError(
    'connection-held',
    "Another Holdfast session took this machine's connection over; this one no longer changes it.",
  );
}
