import { describe, expect, it } from 'vitest';
import {
  addressScope,
  checkCidr,
  contains,
  firstHost,
  isIpAddress,
  networkOf,
  parseCidr,
  prefixFromMask,
  sameAddress,
} from './ip';

describe('ip', () => {
  it('parses IPv4 and IPv6 with or without a prefix and refuses nonsense', () => {
    expect(parseCidr('10.99.1.2/24')).toEqual({ family: 4, address: '10.99.1.2', prefix: 24 });
    expect(parseCidr('10.99.1.2')).toEqual({ family: 4, address: '10.99.1.2', prefix: 32 });
    expect(parseCidr('::/0')).toEqual({ family: 6, address: '::', prefix: 0 });
    for (const bad of ['10.99.1.256/24', '10.99.1/24', '10.0.0.0/33', 'fd00::1::2/64', 'host/24', '', '10.0.0.1/024']) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it('reads addresses as the kernel does: no octal, shortened or zoned forms', () => {
    expect(isIpAddress('10.1.1.1')).toBe(true);
    expect(isIpAddress('2001:db8::1')).toBe(true);
    for (const bad of ['010.1.1.1', '10.1', '0x0a.1.1.1', 'fe80::1%eth0', '1', ''])
      expect(isIpAddress(bad)).toBe(false);
    expect(checkCidr('fd00::/129')).toMatchObject({ ok: false });
    expect(checkCidr('10.0.0.0/8')).toEqual({ ok: true, family: 4 });
  });

  it('finds the first host of a subnet', () => {
    expect(firstHost(parseCidr('10.64.0.77/24')!)).toBe('10.64.0.1');
    expect(firstHost(parseCidr('10.64.0.255/23')!)).toBe('10.64.0.1');
    expect(firstHost(parseCidr('fd00:64::9/64')!)).toBe('fd00:64::1');
    expect(firstHost(parseCidr('10.64.0.77/32')!)).toBeUndefined();
  });

  it('masks host bits off a range', () => {
    expect(networkOf('192.168.1.7/24')).toBe('192.168.1.0/24');
    expect(networkOf('fe80::1/10')).toBe('fe80::/10');
    expect(networkOf('10.1.2.3')).toBe('10.1.2.3/32');
    expect(() => networkOf('nope/8')).toThrow();
  });

  it('knows whether an address lies inside a range and compares addresses however written', () => {
    expect(contains(parseCidr('0.0.0.0/0')!, '10.99.1.1')).toBe(true);
    expect(contains(parseCidr('10.99.1.0/24')!, '10.99.2.1')).toBe(false);
    expect(contains(parseCidr('10.99.1.0/24')!, 'fd00::1')).toBe(false);
    expect(sameAddress('fd00::1', 'fd00:0:0::1')).toBe(true);
    expect(sameAddress('10.0.0.1', '10.0.0.2')).toBe(false);
  });

  it('turns contiguous netmasks into prefix lengths', () => {
    expect(prefixFromMask('255.255.255.0')).toBe(24);
    expect(prefixFromMask('255.255.255.255')).toBe(32);
    expect(prefixFromMask('255.0.255.0')).toBeUndefined();
    expect(prefixFromMask('255.255.255')).toBeUndefined();
  });

  it('tells public, private and special addresses apart', () => {
    expect(addressScope('203.0.114.9')).toBe('public');
    expect(addressScope('2a00:1450::1')).toBe('public');
    expect(addressScope('10.200.1.2')).toBe('private');
    expect(addressScope('100.64.0.1')).toBe('private');
    expect(addressScope('fd00::1')).toBe('private');
    for (const special of [
      '127.0.0.1',
      '0.0.0.0',
      '::',
      '::1',
      '169.254.1.1',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.1',
    ]) {
      expect(addressScope(special)).toBe('special');
    }
    expect(addressScope('::ffff:127.0.0.1')).toBe('special');
    expect(addressScope('::ffff:8.8.8.8')).toBe('public');
  });
});
