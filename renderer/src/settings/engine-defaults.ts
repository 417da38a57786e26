import type { Sensitivity } from '../../../main/core/connection/failover/sensitivity';
import type { FailoverSettings } from '../../../main/core/connection/failover/settings';
import type { KillSwitchSettings } from '../../../main/core/security/killswitch/settings';
import type { DisguiseMode, DisguiseSettings } from '../../../main/core/disguise/settings';

/**
 * What the engine uses when a setting was never changed, for an engine that does not send the section yet,
 * and the figures behind each sensitivity. The renderer may not load engine code, so these are copies;
 * engine-defaults.test.ts fails the build when they drift from the engine.
 */
export const FAILOVER_DEFAULTS: Pick<
  FailoverSettings,
  'enabled' | 'sensitivity' | 'protocolOrder' | 'raceWidth' | 'returnToPreferred' | 'returnAfterMs' | 'hotStandby'
> = {
  enabled: true,
  sensitivity: 'balanced',
  protocolOrder: ['wireguard-udp', 'openvpn-udp', 'openvpn-tcp:443', 'openvpn-tcp'],
  raceWidth: 3,
  returnToPreferred: true,
  returnAfterMs: 5 * 60_000,
  hotStandby: false,
};

export const KILL_SWITCH_DEFAULTS: KillSwitchSettings = {
  enabled: true,
  allowLan: false,
  allowPrivateServerAddresses: false,
};

/** The `servers` section: measuring latency by itself is off (docs/servers.md: probing is a fingerprint). */
export const SERVERS_DEFAULTS = { autoMeasure: false };

export const DISGUISE_DEFAULTS: DisguiseSettings = {
  mode: 'automatic',
  order: ['shadowsocks', 'tls', 'obfs4'],
};

/** The modes in the order the window offers them. */
export const DISGUISE_MODES: readonly DisguiseMode[] = ['automatic', 'always', 'never'];

/** Every disguise the engine knows; an order may leave some out. */
export const DISGUISE_KINDS: readonly DisguiseSettings['order'][number][] = ['shadowsocks', 'tls', 'obfs4'];

export interface SensitivityFigures {
  /** A dead tunnel is noticed about this long after traffic stops getting answers. */
  detectBusyMs: number;
  /** The same for an idle tunnel, which is checked less often. */
  detectIdleMs: number;
  /** How long each new server gets to answer during failover. */
  attemptTimeoutMs: number;
}

export const SENSITIVITY_FIGURES: Record<Sensitivity, SensitivityFigures> = {
  fast: { detectBusyMs: 1300, detectIdleMs: 5900, attemptTimeoutMs: 4000 },
  balanced: { detectBusyMs: 1900, detectIdleMs: 11_300, attemptTimeoutMs: 6000 },
  patient: { detectBusyMs: 9000, detectIdleMs: 36_000, attemptTimeoutMs: 12_000 },
};

export const SENSITIVITY_ORDER: Sensitivity[] = ['fast', 'balanced', 'patient'];

/** The protocol-order entries every engine understands; a list may also pin other ports. */
export const KNOWN_PROTOCOL_ENTRIES = ['wireguard-udp', 'openvpn-udp', 'openvpn-tcp:443', 'openvpn-tcp'];

export const RETURN_AFTER_CHOICES_MS = [60_000, 2 * 60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 60 * 60_000];

export const RACE_WIDTHS = [1, 2, 3, 4, 5, 6];
