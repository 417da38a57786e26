import type { RecoveryStatus } from '../../../preload/contract';
import { detectLeftoverKillSwitch, type KillSwitchPort } from '../security/killswitch';
import type { ProcessRunner } from '../system/process-runner';
import { recoverLeftovers } from './platform';

/**
 * After a crash the kill switch stays in place on purpose: the user may believe they are protected.
 * This finds it and, only when the user asks, clears it together with whatever the dead run left.
 */
export class Recovery {
  constructor(
    private readonly runner: ProcessRunner,
    private readonly runtimeDir: string,
    private readonly killSwitch: KillSwitchPort | null,
    /** True while this process holds a connection: its own rules are protection, not a leftover. */
    private readonly connected: () => boolean = () => false,
  ) {}

  async status(): Promise<RecoveryStatus> {
    if (!this.killSwitch || this.connected()) return { blocked: false, detail: null };
    const leftover = await detectLeftoverKillSwitch({ runner: this.runner, stateDir: this.runtimeDir }).catch(
      () => undefined,
    );
    if (!leftover || leftover.ownerAlive) return { blocked: false, detail: null };
    return { blocked: true, detail: leftover.message };
  }

  /** Undoes leftover tunnels, routes and DNS changes, then lifts the kill switch. Returns what was done. */
  async clear(): Promise<{ status: RecoveryStatus; done: string[] }> {
    const done = await recoverLeftovers(this.runtimeDir, this.runner);
    const before = await this.status();
    if (before.blocked && this.killSwitch) {
      await this.killSwitch.clear();
      done.push('removed the kill switch left by a previous session: traffic flows normally again');
    }
    return { status: await this.status(), done };
  }
}
