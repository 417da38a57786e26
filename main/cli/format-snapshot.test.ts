import { describe, expect, it } from 'vitest';
import type { ConnectionSnapshot } from '../core/connection/state';
import { formatSnapshot } from './format-event';

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
