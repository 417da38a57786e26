import path from 'node:path';
import type { FilePort } from '../../system/file-port';
import { NodeFilePort } from '../../system/file-port';
import type { ProcessRunner } from '../../system/process-runner';
import type { ProcessTable } from '../../system/process-table';
import { ProcProcessTable, isSameProcessAlive } from '../../system/process-table';
import { KillSwitch } from './kill-switch';
import { KILL_SWITCH_STATE_FILE, type KillSwitchState, parseKillSwitchState } from './state-file';

/**
 * A kill switch table found at start. Holdfast never removes it on its own: the user may believe they
 * are protected. The app says so and offers to reconnect (which replaces the rules atomically, with no
 * gap) or to unblock (`holdfast recover`, which calls KillSwitch.clear()).
 */
export interface LeftoverKillSwitch {
  /** When the rules were applied, when the state file tells. */
  appliedAt?: string;
  ownerPid?: number;
  /**
   * The process that applied the rules still runs (a helper keeping a connection up, or another
   * Holdfast): not a leftover to clear, but a live connection to leave alone.
   */
  ownerAlive: boolean;
  state?: KillSwitchState;
  /** One plain sentence for the CLI and the window. */
  message: string;
}

export interface LeftoverDeps {
  runner: ProcessRunner;
  stateDir: string;
  files?: FilePort;
  processes?: ProcessTable;
}

/**
 * Looks for rules a previous run left in place. A state file without a table (after a reboot, say)
 * blocks nothing and is removed quietly; a table without a state file is still reported, as unowned.
 */
export async function detectLeftoverKillSwitch(deps: LeftoverDeps): Promise<LeftoverKillSwitch | undefined> {
  const files = deps.files ?? new NodeFilePort();
  const processes = deps.processes ?? new ProcProcessTable();
  const stateFile = path.join(deps.stateDir, KILL_SWITCH_STATE_FILE);
  const state = parseKillSwitchState(await files.readText(stateFile));
  const active = await new KillSwitch({ runner: deps.runner, stateDir: deps.stateDir, files, processes }).isActive();
  if (!active) {
    if (state) await files.remove(stateFile);
    return undefined;
  }
  const ownerPid = state?.owner.pid;
  const ownerAlive =
    ownerPid !== undefined &&
    ownerPid !== processes.selfPid &&
    (await isSameProcessAlive(processes, ownerPid, state?.owner.startTime));
  const since = state ? ` since ${state.appliedAt}` : '';
  const message = ownerAlive
    ? `Traffic outside the tunnel is blocked by a running Holdfast connection (process ${ownerPid}${since}).`
    : `The network is blocked by a previous Holdfast session${since} that ended without disconnecting. ` +
      'Reconnect to stay protected, or run `holdfast recover` to unblock the network.';
  return {
    ...(state ? { appliedAt: state.appliedAt, state } : {}),
    ...(ownerPid !== undefined ? { ownerPid } : {}),
    ownerAlive,
    message,
  };
}
