import { z } from 'zod';

/**
 * When Holdfast wraps a tunnel in a disguise:
 *  - automatic: plain routes first; disguised routes join once plain ones fail the way a censor makes them fail,
 *    and a network that needed a disguise starts disguised next time (docs/disguise.md);
 *  - always: only disguised routes (servers without a disguise are not used);
 *  - never: disguises are kept but never used.
 */
export const DISGUISE_MODES = ['automatic', 'always', 'never'] as const;
export type DisguiseMode = (typeof DISGUISE_MODES)[number];

export const DISGUISE_KINDS = ['shadowsocks', 'tls', 'obfs4'] as const;

export const disguiseSettingsSchema = z.object({
  mode: z.enum(DISGUISE_MODES).default('automatic'),
  /** Kinds in the order they are tried; a kind left out is not used. */
  order: z
    .array(z.enum(DISGUISE_KINDS))
    .max(DISGUISE_KINDS.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, { message: 'lists a disguise twice' })
    .default([...DISGUISE_KINDS]),
});

export type DisguiseSettings = z.infer<typeof disguiseSettingsSchema>;
