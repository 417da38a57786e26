import { z } from 'zod';
import { isIpAddress } from '../net/ip';
import { failoverSettingsSchema } from '../connection/failover/settings';
import { killSwitchSettingsSchema } from '../security/killswitch/settings';
import { disguiseSettingsSchema } from '../disguise/settings';

/**
 * Every setting with its default. Stored settings are parsed through this schema, so an old or
 * hand-edited file gains new defaults and loses unknown keys instead of breaking the app.
 */
export const settingsSchema = z.object({
  version: z.literal(1).default(1),
  health: z
    .object({
      /** Address probed through the tunnel to prove data flows; empty = the profile's DNS or gateway. */
      probeTarget: z.string().max(255).default(''),
      /** How long to wait, after the handshake, for the first answer through the tunnel. */
      connectProbeTimeoutMs: z.number().int().min(1000).max(120_000).default(6000),
      pollIntervalMs: z.number().int().min(250).max(10_000).default(500),
      /**
       * Well-known resolvers asked through a tunnel that carries everything, when the profile names nothing
       * behind the server to check data with (docs/tunnel-check.md). Always through the tunnel, never around it.
       */
      publicResolvers: z
        .object({
          enabled: z.boolean().default(true),
          addresses: z
            .array(z.string().refine(isIpAddress, { message: 'must be an IP address' }))
            .max(8)
            .default(['1.1.1.1', '9.9.9.9', '2606:4700:4700::1111']),
        })
        .prefault({}),
    })
    .prefault({}),
  security: z
    .object({
      /** Minimum data-channel key size in bits; 0 = no minimum. */
      minimumKeyBits: z.union([z.literal(0), z.literal(128), z.literal(256)]).default(0),
      refuseLegacyCiphers: z.boolean().default(false),
    })
    .prefault({}),
  failover: failoverSettingsSchema.prefault({}),
  killSwitch: killSwitchSettingsSchema.prefault({}),
  /** Disguised routes for networks that block VPN protocols (docs/disguise.md). */
  disguise: disguiseSettingsSchema.prefault({}),
  servers: z
    .object({
      /**
       * Measure latency (ICMP or TCP) by itself, now and then. Off by default: probing every server is a
       * fingerprint on a watched network (docs/servers.md); real connections still record what they see.
       */
      autoMeasure: z.boolean().default(false),
    })
    .prefault({}),
  ui: z
    .object({
      language: z.enum(['system', 'en', 'zh-CN']).default('system'),
      theme: z.enum(['system', 'light', 'dark']).default('system'),
      /** Start Holdfast (in the tray) when the user logs in. */
      launchAtLogin: z.boolean().default(false),
      /** Start in the tray instead of showing the window (the desktop app, where a tray can be seen). */
      startMinimized: z.boolean().default(false),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings = (): Settings => settingsSchema.parse({});
