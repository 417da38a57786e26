import { KillSwitch } from '../../security/killswitch/kill-switch';
import { detectLeftoverKillSwitch } from '../../security/killswitch/leftover';
import type { KillSwitchPolicy } from '../../security/killswitch/policy';
import type { ProcessRunner } from '../process-runner';
import type { KillSwitchStatus } from './protocol';

/**
 * The kill switch as the helper runs it: the nftables KillSwitch, plus a status that tells the app
 * whether the rules in place are its own or were left by a run that ended (which only root can see:
 * listing nftables needs CAP_NET_ADMIN).
 */
export class HelperKillSwitchService {
  private readonly inner: KillSwitch;

  constructor(
    private readonly runner: ProcessRunner,
    private readonly stateDir: string,
  ) {
    this.inner = new KillSwitch({ runner, stateDir });
  }

  apply(policy: KillSwitchPolicy): Promise<void> {
    return this.inner.apply(policy);
  }

  clear(): Promise<void> {
    return this.inner.clear();
  }

  isActive(): Promise<boolean> {
    return this.inner.isActive();
  }

  async status(): Promise<KillSwitchStatus> {
    if (!(await this.inner.isActive())) return { active: false };
    if (this.inner.policy) return { active: true };
    const leftover = await detectLeftoverKillSwitch({ runner: this.runner, stateDir: this.stateDir });
    if (!leftover) return { active: false };
    return {
      active: true,
      leftover: {
        ...(leftover.appliedAt ? { appliedAt: leftover.appliedAt } : {}),
        ownerAlive: leftover.ownerAlive,
        message: leftover.message,
      },
    };
  }
}
