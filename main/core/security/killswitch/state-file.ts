import { z } from 'zod';
import { type KillSwitchPolicy, killSwitchPolicySchema } from './policy';

/**
 * The record a kill switch leaves beside its rules: who applied them, when, and with which policy. The
 * rules themselves live in the kernel (or pf, or WFP); this file lets the next start say "the network is
 * blocked by a previous session since 12:03" instead of guessing.
 */
export const KILL_SWITCH_STATE_FILE = 'killswitch.json';

export interface KillSwitchState {
  version: 1;
  platform: 'linux' | 'darwin' | 'win32';
  /** `inet holdfast` on Linux. */
  table: string;
  appliedAt: string;
  owner: { pid: number; startTime?: string };
  policy: KillSwitchPolicy;
}

const stateSchema = z.object({
  version: z.literal(1),
  platform: z.enum(['linux', 'darwin', 'win32']),
  table: z.string().max(64),
  appliedAt: z.string().max(64),
  owner: z.object({ pid: z.number().int().positive(), startTime: z.string().max(32).optional() }),
  policy: killSwitchPolicySchema,
});

/** Undefined for a missing, unreadable or foreign file: it is a hint, the kernel's table is the truth. */
export function parseKillSwitchState(text: string | undefined): KillSwitchState | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
