import type { RunOptions, RunResult } from '../../main/core/system/process-runner';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';

/** Running commands on the host and inside lab namespaces, failing loudly with the command's own words. */
export const hostRunner = new NodeProcessRunner();

export async function host(command: string, args: string[], options?: RunOptions): Promise<RunResult> {
  return hostRunner.run(command, args, { timeoutMs: 30_000, ...options });
}

export async function hostChecked(command: string, args: string[], options?: RunOptions): Promise<RunResult> {
  const result = await host(command, args, options);
  if (result.code !== 0) {
    throw new Error(`lab: ${command} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  }
  return result;
}

export function inNs(ns: string, command: string, args: string[], options?: RunOptions): Promise<RunResult> {
  return host('ip', ['netns', 'exec', ns, command, ...args], options);
}

export function inNsChecked(ns: string, command: string, args: string[], options?: RunOptions): Promise<RunResult> {
  return hostChecked('ip', ['netns', 'exec', ns, command, ...args], options);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it became true. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}
