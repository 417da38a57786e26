import { z } from 'zod';

/**
 * The kill switch's settings, mounted as `killSwitch` in the settings schema. On by default: a VPN
 * client that leaks while it reconnects protects nobody. The local network stays blocked unless the
 * user allows it (printers and file shares then work, DNS still goes only through the tunnel).
 */
export const killSwitchSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    allowLan: z.boolean().default(false),
  })
  .prefault({});

export type KillSwitchSettings = z.infer<typeof killSwitchSettingsSchema>;
