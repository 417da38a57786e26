import { describe, expect, it } from 'vitest';
import { contains, firstHost, parseCidr } from './cidr';

describe('cidr', () => {
  it('parses IPv4 and IPv6 with or without a prefix and refuses nonsense', () => {
    expect(parseCidr('10.99.1.2/24')).toEqual({ family: 4, address: '10.99.1.2', prefix: 24 });
    expect(parseCidr('10.99.1.2')).toEqual({ family: 4, address: '10.99.1.2', prefix: 32 });
    expect(parseCidr('::/0')).toEqual({ family: 6, address: '::', prefix: 0 });
    for (const bad of ['10.99.1.256/24', '10.99.1/24', '10.0.0.0/33', 'fd00::1::2/64', 'host/24', '']) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it('finds the first host of a subnet', () => {
    expect(firstHost(parseCidr('10.64.0.77/24')!)).toBe('10.64.0.1');
    expect(firstHost(parseCidr('fd00:64::9/64')!)).toBe('fd00:64::1');
    expect(firstHost(parseCidr('10.64.0.77/32')!)).toBeUndefined();
  });

  it('knows whether an address lies inside a range', () => {
    expect(contains(parseCidr('0.0.0.0/0')!, '10.99.1.1')).toBe(true);
    expect(contains(parseCidr('10.99.1.0/24')!, '10.99.2.1')).toBe(false);
    expect(contains(parseCidr('10.99.1.0/24')!, 'fd00::1')).toBe(false);
  });
});
