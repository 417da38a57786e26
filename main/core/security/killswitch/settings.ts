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
    /**
     * Trust DNS answers in private ranges (RFC 1918, CGNAT, unique-local) for server host names. Off: a
     * censor's forged answer often points there; on for a server on the user's own network.
     */
    allowPrivateServerAddresses: z.boolean().default(false),
  })
  .prefault({});

export type KillSwitchSettings = z.infer<typeof killSwitchSettingsSchema>;
