import { z } from 'zod';
import { DEFAULT_NOTIFICATION_TIMINGS } from './notifications';
import { DEFAULT_PROTOCOL_ORDER, PROTOCOL_ORDER_ENTRY } from './protocol-order';
import { SENSITIVITIES } from './sensitivity';

const MINUTE = 60_000;

const boundedRecord = (key: z.ZodString, value: z.ZodString, max: number) =>
  z
    .record(key, value)
    .refine((r) => Object.keys(r).length <= max, { message: `at most ${max} entries` })
    .default({});

/**
 * The `failover` section of settings. Mount it as `failover: failoverSettingsSchema.prefault({})` so an
 * old settings file gains every default.
 */
export const failoverSettingsSchema = z.object({
  /** Off: a dead tunnel is reconnected to the same profile (its own endpoints only), with backoff. */
  enabled: z.boolean().default(true),
  sensitivity: z.enum(SENSITIVITIES).default('balanced'),
  /** Tried in this order; a transport matching no entry is never used. See protocol-order.ts for the syntax. */
  protocolOrder: z
    .array(z.string().regex(PROTOCOL_ORDER_ENTRY, 'use wireguard-udp, openvpn-udp or openvpn-tcp, optionally :port'))
    .min(1)
    .max(12)
    .refine((list) => new Set(list).size === list.length, { message: 'each entry once' })
    .default([...DEFAULT_PROTOCOL_ORDER]),
  /** How many candidates one round tries in parallel. Two or more lets Holdfast tell a dead network from dead servers. */
  raceWidth: z.number().int().min(1).max(6).default(3),
  /** Head start each candidate gets before the next one starts. */
  staggerMs: z.number().int().min(0).max(5000).default(300),
  returnToPreferred: z.boolean().default(true),
  /** The preferred server must answer for this long before Holdfast moves back to it. */
  returnAfterMs: z
    .number()
    .int()
    .min(30_000)
    .max(24 * 60 * MINUTE)
    .default(5 * MINUTE),
  /** Keep a second tunnel negotiated (without routes) to the next candidate, for near-instant failover. */
  hotStandby: z.boolean().default(false),
  /** A server key (see ServerCatalog); null = the server of the profile the user connected to. */
  preferredServer: z.string().min(1).max(255).nullable().default(null),
  /** While the current server works, change server at most once per this interval. */
  minSwitchIntervalMs: z
    .number()
    .int()
    .min(0)
    .max(60 * MINUTE)
    .default(3 * MINUTE),
  /** Say "no server is reachable" when an incident lasts this long. */
  unresolvedNoticeAfterMs: z
    .number()
    .int()
    .min(5000)
    .max(600_000)
    .default(DEFAULT_NOTIFICATION_TIMINGS.unresolvedAfterMs),
  /** At most one notification per this window while a server flaps. */
  quietWindowMs: z
    .number()
    .int()
    .min(0)
    .max(60 * MINUTE)
    .default(DEFAULT_NOTIFICATION_TIMINGS.quietWindowMs),
  /** The user's grouping and naming of servers. */
  servers: z
    .object({
      names: boundedRecord(z.string().min(1).max(255), z.string().min(1).max(100), 5000),
      countries: boundedRecord(
        z.string().min(1).max(255),
        z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code'),
        5000,
      ),
      assignments: boundedRecord(z.string().min(1).max(300), z.string().min(1).max(255), 10_000),
      /** serverKey -> city code from the city table, or `user:<name>`; set by hand, wins over the guess. */
      cities: boundedRecord(z.string().min(1).max(255), z.string().min(1).max(70), 5000),
      /** Starred servers, in the order they were starred. */
      favourites: z
        .array(z.string().min(1).max(255))
        .max(1000)
        .refine((list) => new Set(list).size === list.length, { message: 'each server once' })
        .default([]),
    })
    .prefault({}),
});

export type FailoverSettings = z.infer<typeof failoverSettingsSchema>;

export const defaultFailoverSettings = (): FailoverSettings => failoverSettingsSchema.parse({});
