import { describe, expect, it } from 'vitest';
import type { ConnectionSnapshot } from '../core/connection/state';
import { formatEvent, formatSnapshot } from './format-event';

const connected = (check: NonNullable<ConnectionSnapshot['live']>['check']): ConnectionSnapshot => ({
  state: 'connected',
  profileId: 'home',
  profileName: 'Home',
  reason: 'data flows both ways through Home',
  since: '2026-01-01T00:00:00.000Z',
  connectedAt: '2026-01-01T00:00:00.000Z',
  live: {
    interfaceName: 'hf0',
    tunnelAddresses: ['10.66.66.2/32'],
    rxBytes: 0,
    txBytes: 0,
    uptimeMs: 1000,
    ...(check ? { check } : {}),
  },
  error: null,
  security: null,
});

describe('holdfast status', () => {
  it('says how the tunnel is checked: by which answer, or by the handshake alone', () => {
    const verified = formatSnapshot(
      connected({
        strength: 'data-verified',
        evidence: { kind: 'dns-answer', address: '10.66.66.1', role: 'tunnel-dns' },
      }),
    );
    expect(verified).toContain("Checked:   data verified: a DNS answer from 10.66.66.1 (the tunnel's DNS server)");
    expect(formatSnapshot(connected({ strength: 'handshake-only' }))).toMatch(/^Checked: {3}handshake only/m);
    expect(formatSnapshot(connected(undefined))).not.toContain('Checked:');
  });
});

const DISGUISED: ConnectionSnapshot = {
  ...connected({ strength: 'handshake-only' }),
  security: {
    profile: 'home',
    protocol: 'wireguard',
    dataCipher: 'ChaCha20-Poly1305',
    dataKeyBits: 256,
    securityBits: 128,
    controlChannel: 'Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s',
    rating: 'strong',
    reasons: [],
    disguise: { id: 'd1', kind: 'shadowsocks', detail: 'aes-256-gcm', server: '203.0.113.5:8388' },
  },
  route: {
    disguise: { id: 'd1', kind: 'shadowsocks', detail: 'aes-256-gcm', server: '203.0.113.5:8388' },
    why: 'blocked',
  },
};

describe('holdfast status of a disguised connection', () => {
  it('says the disguise on its own line under the encryption, then why the route is disguised', () => {
    const lines = formatSnapshot(DISGUISED).split('\n');
    const security = lines.findIndex((l) => l.startsWith('Security:'));
    expect(lines[security]).toBe('Security:  ChaCha20-Poly1305 (256-bit key, ~128-bit security): strong');
    expect(lines[security + 1]).toBe('Disguise:  hidden inside Shadowsocks (aes-256-gcm) through 203.0.113.5:8388');
    expect(lines[security + 2]).toBe(
      '           The disguise hides that this is a VPN; it does not make the encryption stronger.',
    );
    expect(lines[security + 3]).toBe(
      'Route:     this network blocks VPN protocols; connected through a disguised route (Shadowsocks)',
    );
  });

  it('names the TLS server name and obfs4 mode, and each reason', () => {
    const tls = { id: 't', kind: 'tls', detail: 'www.example.org', server: '203.0.113.6:443' } as const;
    const obfs4 = { id: 'o', kind: 'obfs4', detail: 'iat-mode=0', server: '203.0.113.7:9443' } as const;
    const withDisguise = (disguise: typeof tls | typeof obfs4, why: 'remembered' | 'always') =>
      formatSnapshot({ ...DISGUISED, security: { ...DISGUISED.security!, disguise }, route: { disguise, why } });
    const remembered = withDisguise(tls, 'remembered');
    expect(remembered).toContain('Disguise:  hidden inside TLS (server name www.example.org) through 203.0.113.6:443');
    expect(remembered).toContain(
      'Route:     this network needed a disguise before; connected through a disguised route (TLS)',
    );
    const always = withDisguise(obfs4, 'always');
    expect(always).toContain('Disguise:  hidden inside obfs4 (iat-mode=0) through 203.0.113.7:9443');
    expect(always).toContain('Route:     connected through a disguised route (obfs4), as set in the settings');
  });

  it('says nothing of a disguise on a plain route', () => {
    const plain = formatSnapshot({
      ...DISGUISED,
      security: { ...DISGUISED.security!, disguise: undefined },
      route: null,
    });
    expect(plain).toContain('Security:  ChaCha20-Poly1305');
    expect(plain).not.toMatch(/Disguise:|Route:|hidden inside/);
  });
});

describe('holdfast connect output of a disguised connection', () => {
  it('prints the disguise under the encryption and the reason with the connected state', () => {
    const at = '2026-01-01T10:00:05.000Z';
    const security = formatEvent({ type: 'security', at, ...DISGUISED.security! });
    expect(security).toBe(
      '10:00:05  encryption   ChaCha20-Poly1305 (256-bit key, ~128-bit security): strong\n' +
        '10:00:05  disguise     hidden inside Shadowsocks (aes-256-gcm) through 203.0.113.5:8388. ' +
        'The disguise hides that this is a VPN; it does not make the encryption stronger.',
    );
    const state = formatEvent({
      type: 'state',
      at,
      state: 'connected',
      profile: 'home',
      reason: 'data flows both ways through Home',
      route: DISGUISED.route!,
    });
    expect(state?.split('\n')).toEqual([
      '10:00:05  connected    data flows both ways through Home',
      '10:00:05  route        this network blocks VPN protocols; connected through a disguised route (Shadowsocks)',
    ]);
  });
});
