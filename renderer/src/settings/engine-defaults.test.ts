import { describe, expect, it } from 'vitest';
// This test compares the renderer's copies with the engine itself; it never ships in the bundle.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { allSensitivityPresets } from '../../../main/core/connection/failover/sensitivity';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { defaultFailoverSettings, failoverSettingsSchema } from '../../../main/core/connection/failover/settings';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { killSwitchSettingsSchema } from '../../../main/core/security/killswitch/settings';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import * as disguise from '../../../main/core/disguise/settings';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { WIREGUARD_CONTROL_CHANNEL } from '../../../main/core/security/strength';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { defaultSettings } from '../../../main/core/settings/schema';
import { WIREGUARD_HANDSHAKE } from '../security/strength';
import {
  DISGUISE_DEFAULTS,
  DISGUISE_KINDS,
  DISGUISE_MODES,
  FAILOVER_DEFAULTS,
  KILL_SWITCH_DEFAULTS,
  KNOWN_PROTOCOL_ENTRIES,
  RACE_WIDTHS,
  RETURN_AFTER_CHOICES_MS,
  SENSITIVITY_FIGURES,
  SERVERS_DEFAULTS,
  SENSITIVITY_ORDER,
} from './engine-defaults';

describe('copies of engine values', () => {
  it('match the failover and kill switch defaults', () => {
    expect(defaultFailoverSettings()).toMatchObject(FAILOVER_DEFAULTS);
    expect(killSwitchSettingsSchema.parse(undefined)).toEqual(KILL_SWITCH_DEFAULTS);
    expect(defaultSettings().servers).toEqual(SERVERS_DEFAULTS);
  });

  it('match the disguise default, modes and kinds', () => {
    expect(disguise.disguiseSettingsSchema.parse({})).toEqual(DISGUISE_DEFAULTS);
    expect(DISGUISE_MODES).toEqual(disguise.DISGUISE_MODES);
    expect(DISGUISE_KINDS).toEqual(disguise.DISGUISE_KINDS);
  });

  it('name the WireGuard handshake as the engine does', () => {
    expect(WIREGUARD_HANDSHAKE).toBe(WIREGUARD_CONTROL_CHANNEL);
  });

  it('show the figures each sensitivity really uses', () => {
    const presets = allSensitivityPresets();
    expect(presets.map((p) => p.id)).toEqual(SENSITIVITY_ORDER);
    for (const preset of presets) {
      expect(SENSITIVITY_FIGURES[preset.id]).toEqual({
        detectBusyMs: preset.detectBusyMs,
        detectIdleMs: preset.detectIdleMs,
        attemptTimeoutMs: preset.attemptTimeoutMs,
      });
    }
  });

  it('offer only values the engine accepts', () => {
    const base = defaultFailoverSettings();
    for (const raceWidth of RACE_WIDTHS)
      expect(failoverSettingsSchema.safeParse({ ...base, raceWidth }).success).toBe(true);
    for (const returnAfterMs of RETURN_AFTER_CHOICES_MS) {
      expect(failoverSettingsSchema.safeParse({ ...base, returnAfterMs }).success).toBe(true);
    }
    expect(failoverSettingsSchema.safeParse({ ...base, protocolOrder: KNOWN_PROTOCOL_ENTRIES }).success).toBe(true);
  });
});
