import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BALANCED_TIMINGS } from '../health-monitor';
import { allSensitivityPresets, sensitivityPreset, STANDBY_TIMINGS, withStandby } from './sensitivity';
import { defaultFailoverSettings, failoverSettingsSchema } from './settings';

describe('failoverSettingsSchema', () => {
  it('fills every default from nothing, mounted the way the settings schema will mount it', () => {
    const mounted = z.object({ failover: failoverSettingsSchema.prefault({}) });
    expect(mounted.parse({}).failover).toEqual(defaultFailoverSettings());
    expect(defaultFailoverSettings()).toMatchObject({
      enabled: true,
      sensitivity: 'balanced',
      protocolOrder: ['wireguard-udp', 'openvpn-udp', 'openvpn-tcp:443', 'openvpn-tcp'],
      raceWidth: 3,
      staggerMs: 300,
      returnToPreferred: true,
      returnAfterMs: 300_000,
      hotStandby: false,
      preferredServer: null,
      minSwitchIntervalMs: 180_000,
      servers: { names: {}, countries: {}, assignments: {} },
    });
  });

  it.each([
    [{ protocolOrder: ['ipsec'] }, 'protocolOrder.0'],
    [{ protocolOrder: ['openvpn-tcp', 'openvpn-tcp'] }, 'protocolOrder'],
    [{ protocolOrder: [] }, 'protocolOrder'],
    [{ raceWidth: 0 }, 'raceWidth'],
    [{ staggerMs: -1 }, 'staggerMs'],
    [{ returnAfterMs: 1000 }, 'returnAfterMs'],
    [{ sensitivity: 'eager' }, 'sensitivity'],
    [{ servers: { countries: { 'tokyo.example.net': 'Japan' } } }, 'servers.countries.tokyo.example.net'],
  ])('refuses %j, naming the field', (input, path) => {
    const result = failoverSettingsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accepts ports pinned in the protocol order', () => {
    expect(
      failoverSettingsSchema.parse({ protocolOrder: ['openvpn-tcp:443', 'openvpn-udp:53', 'wireguard-udp'] })
        .protocolOrder,
    ).toHaveLength(3);
  });
});

describe('sensitivity presets', () => {
  it('keeps balanced identical to the health monitor defaults', () => {
    expect(sensitivityPreset('balanced').health).toEqual(BALANCED_TIMINGS);
  });

  it('orders the presets from fast to patient on every timing', () => {
    const [fast, balanced, patient] = allSensitivityPresets();
    for (const key of ['suspectAfterMs', 'deadAfterMs', 'probeEveryMs', 'idleProbeEveryMs'] as const) {
      expect(fast!.health[key]).toBeLessThan(balanced!.health[key]);
      expect(balanced!.health[key]).toBeLessThan(patient!.health[key]);
    }
    expect(fast!.attemptTimeoutMs).toBeLessThan(patient!.attemptTimeoutMs);
  });

  it('describes its real figures for the settings view', () => {
    const balanced = sensitivityPreset('balanced');
    expect(balanced.detectBusyMs).toBe(1900);
    expect(balanced.summary.text).toBe(
      'notices a dead server about 1.9 s after traffic stops answering, 11 s when idle; gives each new server 6.0 s to answer',
    );
  });
});

describe('withStandby', () => {
  it('tightens suspicion, death and probing to the standby figures, never loosening a preset', () => {
    for (const preset of allSensitivityPresets()) {
      const tight = withStandby(preset.health);
      for (const key of ['suspectAfterMs', 'deadAfterMs', 'probeEveryMs'] as const) {
        expect(tight[key]).toBe(Math.min(preset.health[key], STANDBY_TIMINGS[key]));
      }
      expect(tight.idleProbeEveryMs).toBe(preset.health.idleProbeEveryMs);
      expect(tight.handshakeDeadMs).toBe(preset.health.handshakeDeadMs);
    }
    expect(withStandby(sensitivityPreset('balanced').health).deadAfterMs).toBeLessThan(BALANCED_TIMINGS.deadAfterMs);
  });
});
