import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import { renderSetconf, selectPeers } from './setconf';
import { CLIENT_PRIVATE, SECRETS, SERVER2_PUBLIC, labProfile } from './wireguard-test-rig';

describe('renderSetconf', () => {
  it('never carries Address, DNS or MTU: those are applied with ip', () => {
    const text = renderSetconf(labProfile({ mtu: 1280, addresses: ['10.99.1.2/32'], dns: ['10.99.1.1'] }), SECRETS);
    expect(text).not.toMatch(/Address|DNS|MTU|10\.99\.1\./);
    expect(
      text
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => l.split(' = ')[0]),
    ).toEqual(['PrivateKey', 'PublicKey', 'AllowedIPs', 'Endpoint', 'PersistentKeepalive']);
  });

  it('refuses a damaged or missing private key without repeating it', () => {
    const broken = `${CLIENT_PRIVATE.slice(0, 20)}\nPostUp = rm -rf /`;
    let caught: unknown;
    try {
      renderSetconf(labProfile(), { 'interface.privateKey': broken });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(HoldfastError);
    expect((caught as HoldfastError).message).toBe(
      'The private key of profile "Lab 1" is missing or damaged in its sealed secrets',
    );
    expect(() => renderSetconf(labProfile(), {})).toThrow(/missing or damaged/);
  });

  it('refuses values that could smuggle extra lines into the file', () => {
    const profile = labProfile();
    profile.peers[0]!.endpoint = { host: 'vpn.example\nPostUp = id', port: 51820 };
    expect(() => renderSetconf(profile, SECRETS)).toThrow(/invalid Endpoint host/);
    const other = labProfile();
    other.peers[0]!.allowedIps = ['0.0.0.0/0\nPostUp = id'];
    expect(() => renderSetconf(other, SECRETS)).toThrow(/invalid AllowedIPs/);
  });
});

describe('selectPeers', () => {
  it('uses one server at a time when a profile lists several, keeping peers without endpoints', () => {
    const profile = labProfile();
    profile.peers.push({ publicKey: SERVER2_PUBLIC, allowedIps: ['0.0.0.0/0'], endpoint: { host: 'b', port: 1 } });
    profile.peers.push({ publicKey: CLIENT_PRIVATE, allowedIps: ['10.0.0.0/8'] });
    const { peers, primary } = selectPeers(profile, 1);
    expect(primary.publicKey).toBe(SERVER2_PUBLIC);
    expect(peers.map((p) => p.publicKey)).toEqual([SERVER2_PUBLIC, CLIENT_PRIVATE]);
    expect(() => selectPeers(profile, 2)).toThrow(/no endpoint number 3/);
  });
});
