import { describe, expect, it } from 'vitest';
import type { OpenVpnProfile, WireGuardProfile } from '../../profiles/types';
import { buildLinuxRuleset } from './linux-nft';
import { policyForStep, profileEndpoints, toPolicyEndpoints } from './policy-for-step';
import { killSwitchSettingsSchema } from './settings';

const meta = { id: 'p', name: 'p', sourceFile: 'p', contentHash: 'h', importedAt: 't', warnings: [] };

describe('profileEndpoints and toPolicyEndpoints', () => {
  it('lists WireGuard peers as UDP and OpenVPN remotes with their protocol', () => {
    const wg = {
      ...meta,
      kind: 'wireguard',
      interface: { privateKey: 'k', addresses: [], dns: [], dnsSearch: [] },
      peers: [
        { publicKey: 'x', allowedIps: [], endpoint: { host: 'vpn.example.com', port: 51820 } },
        { publicKey: 'y', allowedIps: [] },
      ],
    } as WireGuardProfile;
    expect(profileEndpoints(wg)).toEqual([{ host: 'vpn.example.com', proto: 'udp', port: 51820 }]);
    const ovpn = {
      ...meta,
      kind: 'openvpn',
      remotes: [
        { host: '198.51.100.8', port: 1194, proto: 'udp' },
        { host: 'tcp.example.com', port: 443, proto: 'tcp' },
      ],
    } as unknown as OpenVpnProfile;
    expect(profileEndpoints(ovpn).map((e) => `${e.proto}:${e.port}`)).toEqual(['udp:1194', 'tcp:443']);
  });

  it('keeps addresses, expands resolved names, and leaves out names that were not resolved', () => {
    const endpoints = toPolicyEndpoints(
      [
        { host: '198.51.100.8', proto: 'udp', port: 1194 },
        { host: 'tcp.example.com', proto: 'tcp', port: 443 },
        { host: 'unknown.example.com', proto: 'udp', port: 1 },
      ],
      new Map([['tcp.example.com', ['198.51.100.9', '2001:db8::9']]]),
    );
    expect(endpoints).toEqual([
      { ip: '198.51.100.8', proto: 'udp', port: 1194 },
      { ip: '198.51.100.9', proto: 'tcp', port: 443 },
      { ip: '2001:db8::9', proto: 'tcp', port: 443 },
    ]);
  });
});

describe('policyForStep', () => {
  it('follows the settings and drops resolvers that are not addresses', () => {
    const settings = killSwitchSettingsSchema.parse(undefined);
    expect(settings).toEqual({ enabled: true, allowLan: false, allowPrivateServerAddresses: false });
    const policy = policyForStep(
      { ...settings, allowLan: true },
      {
        candidates: [{ ip: '198.51.100.8', proto: 'udp', port: 1194 }],
        tunnelInterfaces: ['hf0'],
        dnsServers: ['10.64.0.1', 'corp.example'],
        tunnelCarriesIpv6: false,
        tunnelFwmark: 51820,
      },
    );
    expect(policy).toEqual({
      tunnelInterfaces: ['hf0'],
      endpoints: [{ ip: '198.51.100.8', proto: 'udp', port: 1194 }],
      allowLan: true,
      dnsServersInTunnel: ['10.64.0.1'],
      allowIpv6InTunnel: false,
      tunnelFwmark: 51820,
    });
    expect(() => buildLinuxRuleset(policy)).not.toThrow();
  });
});
