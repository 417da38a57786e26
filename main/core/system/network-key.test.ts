import { describe, expect, it } from 'vitest';
import { networkKeyFromRoutes } from './network-key';

describe('networkKeyFromRoutes', () => {
  it('tells networks apart by gateway and interface, without storing the address', () => {
    const home = networkKeyFromRoutes('default via 192.168.1.1 dev wlan0 proto dhcp metric 600\n');
    const hotel = networkKeyFromRoutes('default via 10.0.0.1 dev wlan0 proto dhcp\n');
    const wired = networkKeyFromRoutes('default via 192.168.1.1 dev eth0\n');
    expect(new Set([home, hotel, wired]).size).toBe(3);
    expect(home).toMatch(/^net-[0-9a-f]{16}$/);
    expect(home).not.toContain('192.168');
    expect(networkKeyFromRoutes('default via 192.168.1.1 dev wlan0 metric 100\n')).toBe(home);
  });

  it("ignores Holdfast's own tunnels and says unknown without a default route", () => {
    const home = networkKeyFromRoutes('default via 192.168.1.1 dev wlan0\n');
    expect(networkKeyFromRoutes('default dev hf1a2b3c scope link\ndefault via 192.168.1.1 dev wlan0\n')).toBe(home);
    expect(networkKeyFromRoutes('')).toBe('unknown');
  });
});
