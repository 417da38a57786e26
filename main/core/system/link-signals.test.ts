import { describe, expect, it } from 'vitest';
import { createProcLinkSignals, parseIcmp6Unreachable, parseIcmpUnreachable, parseNetDev } from './link-signals';

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1200      12    0    0    0     0          0         0     1200      12    0    0    0     0       0          0
  eth0: 9876543    8000    0    0    0     0          0         0  1234567    7000    0    0    0     0       0          0
hf-wg0:     420       5    0    0    0     0          0         0    77000     300    0    0    0     0       0          0
`;

const SNMP = `Ip: Forwarding DefaultTTL
Ip: 1 64
Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds
Icmp: 40 0 0 17 2
IcmpMsg: InType3 OutType3
IcmpMsg: 17 0
`;

describe('parseNetDev', () => {
  it('reads receive and transmit bytes of the named interface only', () => {
    expect(parseNetDev(NET_DEV, 'hf-wg0')).toEqual({ rxBytes: 420, txBytes: 77000 });
    expect(parseNetDev(NET_DEV, 'eth0')).toEqual({ rxBytes: 9876543, txBytes: 1234567 });
  });

  it('returns null for an interface that is not there, or a line it cannot read', () => {
    expect(parseNetDev(NET_DEV, 'hf-wg')).toBeNull();
    expect(parseNetDev('  tun0: 1 2\n', 'tun0')).toBeNull();
    expect(parseNetDev('', 'tun0')).toBeNull();
  });
});

describe('ICMP destination unreachable counters', () => {
  it('finds InDestUnreachs by its header, wherever the column is', () => {
    expect(parseIcmpUnreachable(SNMP)).toBe(17);
    expect(parseIcmpUnreachable('Icmp: InMsgs InDestUnreachs\nIcmp: 5 3\n')).toBe(3);
    expect(parseIcmpUnreachable('Ip: 1 64\n')).toBeNull();
  });

  it('reads the IPv6 counter', () => {
    expect(parseIcmp6Unreachable('Icmp6InMsgs 9\nIcmp6InDestUnreachs          4\nIcmp6InErrors 0\n')).toBe(4);
    expect(parseIcmp6Unreachable('Icmp6InMsgs 9\n')).toBeNull();
  });

  it('adds IPv4 and IPv6, and says unknown only when neither file can be read', async () => {
    const files: Record<string, string> = {
      '/proc/net/snmp': SNMP,
      '/proc/net/snmp6': 'Icmp6InDestUnreachs 5\n',
      '/proc/net/dev': NET_DEV,
    };
    const read = async (p: string) => {
      const text = files[p];
      if (text === undefined) throw new Error(`ENOENT ${p}`);
      return text;
    };
    const signals = createProcLinkSignals(read);
    expect(await signals.unreachables()).toBe(22);
    expect(await signals.counters('hf-wg0')).toEqual({ rxBytes: 420, txBytes: 77000 });
    delete files['/proc/net/snmp6'];
    expect(await signals.unreachables()).toBe(17);
    delete files['/proc/net/snmp'];
    delete files['/proc/net/dev'];
    expect(await signals.unreachables()).toBeNull();
    expect(await signals.counters('hf-wg0')).toBeNull();
  });
});
