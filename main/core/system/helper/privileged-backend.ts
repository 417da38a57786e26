import type { HoldfastCoreOptions } from '../../service/core';
import { helperCoreOptions, type Report } from './helper-backend';
import { helperLaunchPlan, startHelper, type SpawnLike } from './helper-launcher';
import { chooseElevation, locateHelperProgram, type HelperLocationFacts } from './helper-locator';
import { HelperSupervisor } from './helper-supervisor';
import { choosePrivilegedBackend, type PrivilegedBackendChoice } from './privileged-backend-choice';

export interface PrivilegedBackendRequest {
  front: 'app' | 'cli';
  isRoot: boolean;
  platform: string;
  uid: number;
  pathEnv: string | undefined;
  location: HelperLocationFacts;
  clientVersion: string;
  /** Orphans found and stopped: things the user should know. */
  report: Report;
  /** The helper's own log lines (its stderr). */
  onHelperLog?: (line: string) => void;
  /** Start the helper now (the CLI, before anything else) rather than on the first connect. */
  startNow: boolean;
  spawn?: SpawnLike;
  startTimeoutMs?: number;
}

export interface PrivilegedBackend {
  /** What this run uses; `kind` does not change, `privileged` and `hint` follow the helper's starts. */
  choice(): PrivilegedBackendChoice;
  /** Spread into createHoldfastCore's options ({} when running as root: the defaults are in-process). */
  coreOptions: Pick<HoldfastCoreOptions, 'drivers' | 'killSwitch' | 'probe' | 'privileged' | 'owner'>;
  supervisor: HelperSupervisor | undefined;
  /** Lets the helper go (it exits unless it still carries a connection). */
  close(): Promise<void>;
}

/**
 * Decides who does the privileged work and, for a user's run on Linux, prepares the helper: found,
 * with pkexec or sudo to start it, connected now or on the first connect.
 */
export async function openPrivilegedBackend(request: PrivilegedBackendRequest): Promise<PrivilegedBackend> {
  const facts = { isRoot: request.isRoot, platform: request.platform, front: request.front };
  if (request.isRoot || request.platform !== 'linux') {
    const choice = choosePrivilegedBackend({ ...facts, helperAvailable: false });
    return {
      choice: () => choice,
      coreOptions: choice.kind === 'in-process' ? {} : { privileged: false },
      supervisor: undefined,
      close: async () => undefined,
    };
  }
  const location = locateHelperProgram(request.location);
  const elevation = chooseElevation({
    front: request.front,
    pathEnv: request.pathEnv,
    exists: request.location.exists,
  });
  if (!location.ok || !elevation) {
    const problem = location.ok ? 'neither pkexec nor sudo is installed' : location.problem;
    const choice = choosePrivilegedBackend({ ...facts, helperAvailable: false, helperProblem: problem });
    return {
      choice: () => choice,
      coreOptions: { privileged: false },
      supervisor: undefined,
      close: async () => undefined,
    };
  }

  const plan = helperLaunchPlan({ program: location.program, uid: request.uid, elevation });
  const supervisor = new HelperSupervisor(() =>
    startHelper(plan, {
      clientVersion: request.clientVersion,
      ...(request.spawn ? { spawn: request.spawn } : {}),
      ...(request.startTimeoutMs ? { timeoutMs: request.startTimeoutMs } : {}),
      ...(request.onHelperLog ? { onLog: request.onHelperLog } : {}),
    }),
  );
  const coreOptions = helperCoreOptions(supervisor, request.report, request.front);
  if (request.startNow) await supervisor.client().catch(() => undefined);
  return {
    choice: () =>
      choosePrivilegedBackend({
        ...facts,
        helperAvailable: true,
        ...(supervisor.problem ? { helperProblem: supervisor.problem } : {}),
      }),
    coreOptions,
    supervisor,
    close: () => supervisor.close(),
  };
}
