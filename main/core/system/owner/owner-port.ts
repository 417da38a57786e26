import { HoldfastError } from '../../errors';
import type { KillSwitchPort } from '../../security/killswitch/kill-switch';
import type { KillSwitchPolicy } from '../../security/killswitch/policy';
import { type ClaimResult, MachineOwnerLock, mayTakeOverFrom, type OwnerLease } from './machine-owner-lock';
import { describeOwner, type OwnerClaimant } from './owner-record';

/**
 * The machine's connection, as the core sees it: claimed before a connect, released after a
 * disconnect, and possibly taken over by another Holdfast session in between. Served in-process when
 * Holdfast runs as root (LocalConnectionOwner), by the privileged helper otherwise.
 */
export interface ConnectionOwnerPort {
  /** Resolves once this session owns the machine's connection; throws `connection-held` otherwise. */
  claim(options: { takeOver: boolean }): Promise<void>;
  /** The server in use, for the record others read. */
  update(server: string): void;
  release(): Promise<void>;
  /** Called when another session takes the connection over; resolve once our tunnels are stopped. */
  onTakenOver(listener: (by: OwnerClaimant) => Promise<void>): void;
}

export function connectionHeldError(result: Extract<ClaimResult, { ok: false }>): HoldfastError {
  const who = describeOwner(result.holder);
  const holder = result.holder;
  const how =
    result.reason === 'not-allowed'
      ? 'It belongs to another user: only they (or an administrator) can disconnect it.'
      : result.reason === 'hand-over-failed'
        ? `It did not hand over (${result.detail ?? 'no answer'}). Disconnect it, then connect again.`
        : 'Disconnect it first (`holdfast disconnect`, or Disconnect in the app), or take it over: `holdfast connect --take-over`.';
  return new HoldfastError('connection-held', `${who} ${how}`, {
    reason: result.reason,
    ...(holder
      ? {
          client: holder.client,
          pid: holder.pid,
          uid: holder.uid,
          since: holder.since,
          ...(holder.server ? { server: holder.server } : {}),
        }
      : {}),
  });
}

/** The user a root process serves: the one who ran sudo, else root. */
export function servedUid(env: NodeJS.ProcessEnv, uid = process.getuid?.() ?? 0): number {
  const sudo = Number(env.SUDO_UID);
  return uid === 0 && Number.isInteger(sudo) && sudo >= 0 ? sudo : uid;
}

/** Holdfast running as root holds the machine's connection itself. */
export class LocalConnectionOwner implements ConnectionOwnerPort {
  private lease: OwnerLease | undefined;
  private handedOver = false;
  private readonly listeners: Array<(by: OwnerClaimant) => Promise<void>> = [];

  constructor(
    private readonly claimant: Omit<OwnerClaimant, 'server'>,
    private readonly lock = new MachineOwnerLock(),
  ) {}

  async claim({ takeOver }: { takeOver: boolean }): Promise<void> {
    if (this.lease && !this.lease.released) return;
    const result = await this.lock.claim(this.claimant, {
      takeOver,
      onHandOver: async (by) => {
        this.handedOver = true;
        for (const listener of this.listeners) await listener(by).catch(() => undefined);
      },
    });
    if (!result.ok) throw connectionHeldError(result);
    this.lease = result.lease;
    this.handedOver = false;
  }

  update(server: string): void {
    void this.lease?.update({ server }).catch(() => undefined);
  }

  async release(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
  }

  onTakenOver(listener: (by: OwnerClaimant) => Promise<void>): void {
    this.listeners.push(listener);
  }

  /**
   * The kill switch as a session that may be taken over uses it: once handed over, its rules are the
   * new owner's to replace (atomically, with no gap), so this session neither lifts nor changes them.
   * While another session holds the machine, this one (a `sudo holdfast recover` from another data
   * folder, say) may not touch them either.
   */
  guardKillSwitch(inner: KillSwitchPort): KillSwitchPort {
    const notHeldElsewhere = async (): Promise<void> => {
      if (this.lease && !this.lease.released) return;
      const holder = await this.lock.holder();
      if (holder) {
        throw connectionHeldError({
          ok: false,
          holder,
          reason: mayTakeOverFrom(this.claimant, holder) ? 'held' : 'not-allowed',
        });
      }
    };
    return {
      apply: async (policy: KillSwitchPolicy) => {
        if (this.handedOver)
          throw new HoldfastError('connection-held', 'Another Holdfast session took this connection over.');
        await notHeldElsewhere();
        await inner.apply(policy);
      },
      clear: async () => {
        if (this.handedOver) return;
        await notHeldElsewhere();
        await inner.clear();
      },
      isActive: () => inner.isActive(),
    };
  }
}
