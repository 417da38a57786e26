import { describe, expect, it } from 'vitest';
import { handshakeAgeMs, parseLatestHandshakes, parseWgDump } from './wg-dump';
import { CLIENT_PRIVATE, CLIENT_PUBLIC, PRESHARED, SERVER2_PUBLIC, SERVER_PUBLIC } from './wireguard-test-rig';

const dump = [
  `${CLIENT_PRIVATE}\t${CLIENT_PUBLIC}\t40000\toff`,
  `${SERVER_PUBLIC}\t${PRESHARED}\t10.200.1.2:51820\t0.0.0.0/0,::/0\t1767225600\t2048\t4096\t25`,
  `${SERVER2_PUBLIC}\t(none)\t(none)\t(none)\t0\t0\t0\toff`,
  '',
].join('\n');

describe('parseWgDump', () => {
  it('returns peers only, without the private key line or preshared keys', () => {
    const peers = parseWgDump(dump);
    expect(peers).toEqual([
      {
        publicKey: SERVER_PUBLIC,
        endpoint: '10.200.1.2:51820',
        allowedIps: ['0.0.0.0/0', '::/0'],
        latestHandshake: 1767225600,
        rxBytes: 2048,
        txBytes: 4096,
        persistentKeepalive: 25,
      },
      {
        publicKey: SERVER2_PUBLIC,
        endpoint: undefined,
        allowedIps: [],
        latestHandshake: 0,
        rxBytes: 0,
        txBytes: 0,
        persistentKeepalive: undefined,
      },
    ]);
    const serialized = JSON.stringify(peers);
    expect(serialized).not.toContain(CLIENT_PRIVATE);
    expect(serialized).not.toContain(PRESHARED);
  });

  it('ignores garbage and empty output', () => {
    expect(parseWgDump('')).toEqual([]);
    expect(parseWgDump('interface: hf0\n  public key: x\n')).toEqual([]);
  });
});

describe('parseLatestHandshakes', () => {
  it('maps public keys to unix seconds', () => {
    const parsed = parseLatestHandshakes(`${SERVER_PUBLIC}\t1767225600\n${SERVER2_PUBLIC}\t0\n`);
    expect(parsed.get(SERVER_PUBLIC)).toBe(1767225600);
    expect(parsed.get(SERVER2_PUBLIC)).toBe(0);
  });
});

describe('handshakeAgeMs', () => {
  it('is null before the first handshake and never negative', () => {
    expect(handshakeAgeMs(0, 1_000_000)).toBeNull();
    expect(handshakeAgeMs(1000, 1_003_500)).toBe(3500);
    expect(handshakeAgeMs(2000, 1_000_000)).toBe(0);
  });
});
