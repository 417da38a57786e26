import { describe, expect, it } from 'vitest';
import {
  parseControlChannelLine,
  parseDataChannelLine,
  parsePushReply,
  parseRouteChange,
  probeTargetFromPush,
  redactLogMessage,
  tlsWrapFromOptions,
} from './log-facts';

describe('parseControlChannelLine', () => {
  it.each([
    [
      'Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 256 bits ECprime256v1, signature: ecdsa-with-SHA256, peer temporary key: 253 bits X25519',
      {
        controlTlsVersion: 'TLSv1.3',
        controlSuite: 'TLS_AES_256_GCM_SHA384',
        peerCertificate: { bits: 256, type: 'ECprime256v1' },
        temporaryKey: '253 bits X25519',
      },
    ],
    [
      'Control Channel: TLSv1.2, cipher TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384, peer certificate: 2048 bits RSA, signature: ecdsa-with-SHA256, peer temporary key: 253 bits X25519',
      {
        controlTlsVersion: 'TLSv1.2',
        controlSuite: 'ECDHE-RSA-AES256-GCM-SHA384',
        peerCertificate: { bits: 2048, type: 'RSA' },
        temporaryKey: '253 bits X25519',
      },
    ],
    [
      // OpenSSL 1.1 wording
      'Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 384 bit EC, curve secp384r1, signature: ecdsa-with-SHA384, peer temporary key: 384 bit EC, curve secp384r1',
      {
        controlTlsVersion: 'TLSv1.3',
        controlSuite: 'TLS_AES_256_GCM_SHA384',
        peerCertificate: { bits: 384, type: 'EC, curve secp384r1' },
        temporaryKey: '384 bit EC, curve secp384r1',
      },
    ],
    [
      // OpenVPN 2.4
      'Control Channel: TLSv1.2, cipher TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384, 2048 bit RSA',
      {
        controlTlsVersion: 'TLSv1.2',
        controlSuite: 'ECDHE-RSA-AES256-GCM-SHA384',
        peerCertificate: { bits: 2048, type: 'RSA' },
      },
    ],
    [
      // 2.7 adds the key agreement group
      'Control Channel: TLSv1.3, cipher TLSv1.3 TLS_CHACHA20_POLY1305_SHA256, peer certificate: 256 bits ED25519, signature: ED25519, peer temporary key: 253 bits X25519, key agreement: X25519',
      {
        controlTlsVersion: 'TLSv1.3',
        controlSuite: 'TLS_CHACHA20_POLY1305_SHA256',
        peerCertificate: { bits: 256, type: 'ED25519' },
        temporaryKey: '253 bits X25519',
      },
    ],
  ])('%s', (line, expected) => {
    expect(parseControlChannelLine(line)).toEqual(expected);
  });

  it('ignores other lines', () => {
    expect(parseControlChannelLine('Control Channel MTU parms [ mss_fix:0 ]')).toBeUndefined();
    expect(parseControlChannelLine('TLS: Initial packet from [AF_INET]192.0.2.1:1194')).toBeUndefined();
  });
});

describe('parseDataChannelLine', () => {
  it.each([
    ["Data Channel: cipher 'AES-256-GCM', peer-id: 0", { dataCipher: 'AES-256-GCM' }],
    [
      "Data Channel: cipher 'AES-256-CBC', auth 'SHA256', peer-id: 0",
      { dataCipher: 'AES-256-CBC', dataAuth: 'SHA256' },
    ],
    ["Data Channel: cipher 'BF-CBC', auth 'SHA1', compression: 'lzo'", { dataCipher: 'BF-CBC', dataAuth: 'SHA1' }],
    ["Outgoing Data Channel: Cipher 'AES-128-GCM' initialized with 128 bit key", { dataCipher: 'AES-128-GCM' }],
    ["Outgoing Data Channel: Using 160 bit message hash 'SHA1' for HMAC authentication", { dataAuth: 'SHA1' }],
  ])('%s', (line, expected) => {
    expect(parseDataChannelLine(line)).toEqual(expected);
  });

  it('ignores the incoming twin and unrelated lines', () => {
    expect(parseDataChannelLine('Timers: ping 2, ping-restart 20')).toBeUndefined();
  });
});

describe('parsePushReply and probeTargetFromPush', () => {
  const line =
    "PUSH: Received control message: 'PUSH_REPLY,dhcp-option DNS 10.99.0.1,redirect-gateway def1,route-gateway 10.99.0.1,topology subnet,ping 10,ping-restart 60,ifconfig 10.99.0.2 255.255.255.0,peer-id 0,cipher AES-256-GCM,protocol-flags cc-exit tls-ekm dyn-tls-crypt,tun-mtu 1500'";

  it('reads the pushed options that matter', () => {
    expect(parsePushReply(line)).toMatchObject({
      routeGateway: '10.99.0.1',
      ifconfig: { local: '10.99.0.2', second: '255.255.255.0' },
      topology: 'subnet',
      dns: ['10.99.0.1'],
      redirectGateway: true,
      cipher: 'AES-256-GCM',
    });
  });

  it('learns DNS from dhcp-option and from the 2.6 dns option', () => {
    const push = parsePushReply(
      "PUSH: Received control message: 'PUSH_REPLY,dhcp-option DNS 10.8.0.1,dhcp-option DNS6 fd00::1,dhcp-option DOMAIN corp.example,dns server 0 address 10.8.0.53:53 [fd00::53]:53,dns search-domains a.example b.example'",
    );
    expect(push?.dns).toEqual(['10.8.0.1', 'fd00::1', '10.8.0.53', 'fd00::53']);
    expect(push?.dnsDomains).toEqual(['corp.example', 'a.example', 'b.example']);
  });

  it.each([
    ['route-gateway wins', 'route-gateway 10.8.0.1,topology subnet,ifconfig 10.8.0.6 255.255.255.0', '10.8.0.1'],
    ['subnet: first host', 'topology subnet,ifconfig 10.8.0.6 255.255.255.0', '10.8.0.1'],
    ['subnet /16', 'topology subnet,ifconfig 172.16.5.9 255.255.0.0', '172.16.0.1'],
    ['net30: the remote end', 'topology net30,ifconfig 10.8.0.6 10.8.0.5', '10.8.0.5'],
    ['p2p without topology', 'ifconfig 10.8.0.6 10.8.0.5', '10.8.0.5'],
    ['we are the first host', 'topology subnet,ifconfig 10.8.0.1 255.255.255.0', undefined],
    ['IPv6 only', 'ifconfig-ipv6 fd00::1000/64 fd00::1', 'fd00::1'],
    ['route-gateway dhcp is not an address', 'route-gateway dhcp', undefined],
  ])('%s', (_name, options, target) => {
    const push = parsePushReply(`PUSH: Received control message: 'PUSH_REPLY,${options}'`);
    expect(push).toBeDefined();
    expect(probeTargetFromPush(push!)).toBe(target);
  });
});

describe('parseRouteChange', () => {
  it.each([
    [
      'net_route_v4_add: 192.0.2.1/32 via 192.0.2.1 dev eth0 table 0 metric -1',
      { op: 'add', family: 4, destination: '192.0.2.1/32', gateway: '192.0.2.1', device: 'eth0' },
    ],
    [
      'net_route_v4_add: 0.0.0.0/1 via 10.99.0.1 dev [NULL] table 0 metric -1',
      { op: 'add', family: 4, destination: '0.0.0.0/1', gateway: '10.99.0.1' },
    ],
    [
      'net_route_v4_add: 127.0.0.1/32 via 0.0.0.0 dev [NULL] table 0 metric -1',
      { op: 'add', family: 4, destination: '127.0.0.1/32' },
    ],
    [
      'net_route_v6_add: ::/3 via :: dev tun0 table 0 metric -1',
      { op: 'add', family: 6, destination: '::/3', device: 'tun0' },
    ],
    [
      'net_route_v4_del: 0.0.0.0/1 via 10.99.0.1 dev [NULL] table 0 metric -1',
      { op: 'del', family: 4, destination: '0.0.0.0/1', gateway: '10.99.0.1' },
    ],
  ])('%s', (line, expected) => {
    expect(parseRouteChange(line)).toEqual(expected);
  });

  it('ignores route queries', () => {
    expect(parseRouteChange('net_route_v4_best_gw query: dst 0.0.0.0')).toBeUndefined();
  });
});

describe('redactLogMessage', () => {
  it('removes auth tokens and management credential commands', () => {
    expect(redactLogMessage("PUSH: Received control message: 'PUSH_REPLY,auth-token SESS_abc123,ping 10'")).toBe(
      "PUSH: Received control message: 'PUSH_REPLY,auth-token [redacted],ping 10'",
    );
    expect(redactLogMessage('MANAGEMENT: CMD \'username "Auth" "alice"\'')).toBe(
      "MANAGEMENT: CMD 'username [redacted]'",
    );
    expect(redactLogMessage('Initialization Sequence Completed')).toBe('Initialization Sequence Completed');
  });
});

describe('tlsWrapFromOptions', () => {
  it('prefers the strongest wrapping present', () => {
    expect(tlsWrapFromOptions(['ca', 'tls-auth', 'tls-crypt'])).toBe('tls-crypt');
    expect(tlsWrapFromOptions(['ca', 'tls-crypt-v2'])).toBe('tls-crypt-v2');
    expect(tlsWrapFromOptions(['ca', 'tls-auth'])).toBe('tls-auth');
    expect(tlsWrapFromOptions(['ca'])).toBe('none');
  });
});
