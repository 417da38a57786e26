import path from 'node:path';
import { HoldfastError } from '../../errors';
import type { FilePort } from '../../system/file-port';
import { NodeFilePort } from '../../system/file-port';
import type { ProcessRunner } from '../../system/process-runner';
import type { ProcessTable } from '../../system/process-table';
import { ProcProcessTable } from '../../system/process-table';
import { NFT_TABLE_REF, buildLinuxClearScript, buildLinuxRuleset } from './linux-nft';
import type { KillSwitchPolicy } from './policy';
import { KillSwitchPolicyError } from './policy';
import { KILL_SWITCH_STATE_FILE, type KillSwitchState, parseKillSwitchState } from './state-file';

/**
 * What the connection controller needs from a kill switch, whether it runs in this process (root) or
 * behind the privileged helper.
 */
export interface KillSwitchPort {
  /** Replaces the rules with exactly this policy, atomically. */
  apply(policy: KillSwitchPolicy): Promise<void>;
  /** Removes every rule; traffic flows normally again. Succeeds when nothing was applied. */
  clear(): Promise<void>;
  /** True when the rules are in the kernel right now (asked from the system, not remembered). */
  isActive(): Promise<boolean>;
}

export interface KillSwitchOptions {
  runner: ProcessRunner;
  /**
   * Where the state file lives (the data dir's runtime/ for a root app, the helper's own directory
   * otherwise), so a run that crashed with the network blocked is recognised by the next one.
   */
  stateDir: string;
  files?: FilePort;
  processes?: ProcessTable;
  now?: () => Date;
}

const NFT_TIMEOUT_MS = 15_000;

/**
 * The Linux kill switch on nftables. The table stays in the kernel when this process dies: that is the
 * point (nothing leaks while the user believes they are protected). Only `clear()` removes it.
 */
export class KillSwitch implements KillSwitchPort {
  private readonly files: FilePort;
  private readonly processes: ProcessTable;
  private readonly now: () => Date;
  private current: KillSwitchPolicy | undefined;
  // apply/clear run one at a time in call order: two overlapping nft transactions would race.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: KillSwitchOptions) {
    this.files = options.files ?? new NodeFilePort();
    this.processes = options.processes ?? new ProcProcessTable();
    this.now = options.now ?? (() => new Date());
  }

  get stateFile(): string {
    return path.join(this.options.stateDir, KILL_SWITCH_STATE_FILE);
  }

  /** The policy this instance applied last, if it is still applied. */
  get policy(): KillSwitchPolicy | undefined {
    return this.current;
  }

  apply(policy: KillSwitchPolicy): Promise<void> {
    return this.serialize(() => this.applyNow(policy));
  }

  clear(): Promise<void> {
    return this.serialize(() => this.clearNow());
  }

  async isActive(): Promise<boolean> {
    const result = await this.options.runner.run('nft', ['list', 'table', ...NFT_TABLE_REF.split(' ')], {
      timeoutMs: NFT_TIMEOUT_MS,
    });
    if (result.code === 127) throw nftMissing();
    return result.code === 0;
  }

  private async applyNow(policy: KillSwitchPolicy): Promise<void> {
    let script: string;
    try {
      script = buildLinuxRuleset(policy);
    } catch (err) {
      if (err instanceof KillSwitchPolicyError) {
        throw new HoldfastError('invalid-request', err.message, { field: err.field });
      }
      throw err;
    }
    const previous = await this.readState();
    // Written before the rules: a crash between the two still leaves a record next to the table.
    await this.writeState(policy);
    const result = await this.options.runner.run('nft', ['-f', '-'], { input: script, timeoutMs: NFT_TIMEOUT_MS });
    if (result.code !== 0) {
      // nft -f is all or nothing: the kernel still holds the previous rules (or none), and so must the file.
      if (previous) await this.files.writeAtomic(this.stateFile, `${JSON.stringify(previous, null, 2)}\n`, 0o600);
      else await this.files.remove(this.stateFile);
      throw nftFailure('apply the kill switch rules', result.code, result.stderr);
    }
    this.current = policy;
  }

  private async clearNow(): Promise<void> {
    const result = await this.options.runner.run('nft', ['-f', '-'], {
      input: buildLinuxClearScript(),
      timeoutMs: NFT_TIMEOUT_MS,
    });
    if (result.code !== 0) throw nftFailure('remove the kill switch rules', result.code, result.stderr);
    // Only now: a state file without a table is harmless, a table without one would look unowned.
    await this.files.remove(this.stateFile);
    this.current = undefined;
  }

  private async readState(): Promise<KillSwitchState | undefined> {
    return parseKillSwitchState(await this.files.readText(this.stateFile));
  }

  private async writeState(policy: KillSwitchPolicy): Promise<void> {
    const pid = this.processes.selfPid;
    const state: KillSwitchState = {
      version: 1,
      platform: 'linux',
      table: NFT_TABLE_REF,
      appliedAt: this.now().toISOString(),
      owner: { pid, startTime: await this.processes.startTime(pid) },
      policy,
    };
    await this.files.mkdir(this.options.stateDir, 0o700);
    await this.files.writeAtomic(this.stateFile, `${JSON.stringify(state, null, 2)}\n`, 0o600);
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

export function nftMissing(): HoldfastError {
  return new HoldfastError('binary-missing', 'The kill switch needs the `nft` program (Debian package nftables)', {
    binary: 'nft',
    package: 'nftables',
  });
}

function nftFailure(what: string, code: number, stderr: string): HoldfastError {
  if (code === 127) return nftMissing();
  if (/Operation not permitted/i.test(stderr)) {
    return new HoldfastError('not-privileged', `Could not ${what}: administrator rights are needed`);
  }
  // nft's message names the line and column of the generated script, which holds no secret.
  const detail = stderr.trim().split('\n').slice(0, 3).join(' ');
  return new HoldfastError('internal', `Could not ${what}: nft exited with ${code}: ${detail}`, {
    component: 'kill-switch',
  });
}
