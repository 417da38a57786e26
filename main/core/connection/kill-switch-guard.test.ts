import { describe, expect, it } from 'vitest';
import type { Profile } from '../profiles/types';
import type { KillSwitchPolicy } from '../security/killswitch/policy';
import { ovpn, wg } from './failover/test-fixtures';
import { KillSwitchGuard } from './kill-switch-guard';
import { ServerAddressBook } from './server-addresses';

function setup(answers: Record<string, string[]>) {
  const applied: KillSwitchPolicy[] = [];
  const asked: string[] = [];
  const port = {
    apply: async (policy: KillSwitchPolicy) => void applied.push(policy),
    clear: async () => undefined,
    isActive: async () => applied.length > 0,
  };
  const book = new ServerAddressBook({
    resolve: async (host) => {
      asked.push(host);
      const answer = answers[host];
      if (!answer) throw new Error('ENOTFOUND');
      return answer;
    },
    now: () => 0,
    networkKey: () => 'home',
    allowPrivate: () => false,
    log: () => undefined,
  });
  const guard = new KillSwitchGuard(
    port,
    () => ({ enabled: true, allowLan: false, allowPrivateServerAddresses: false }),
    book,
  );
  return { guard, applied, asked };
}

const named = wg('tokyo-wg', 'Tokyo', 'tokyo.example.net') as unknown as Profile;
const tcp = ovpn('tokyo-tcp', 'Tokyo TCP', [['tokyo.example.net', 443, 'tcp']]) as unknown as Profile;

describe('KillSwitchGuard with host names', () => {
  it('allows exactly the pinned address, which is the one the driver is told to use', async () => {
    const { guard, applied } = setup({ 'tokyo.example.net': ['45.76.10.9', '45.76.10.10'] });
    await guard.prepare([named, tcp]);
    await guard.allowServers([{ profile: named, endpointIndex: 0 }]);
    const pin = guard.pinnedAddress(named, 0);
    expect(pin).toEqual({ host: 'tokyo.example.net', address: '45.76.10.9' });
    expect(applied.at(-1)?.endpoints).toEqual([{ ip: '45.76.10.9', proto: 'udp', port: 51820 }]);
  });

  it('does not look names up while its own rules block DNS and no tunnel is up', async () => {
    const { guard, asked } = setup({ 'tokyo.example.net': ['45.76.10.9'] });
    await guard.prepare([named]);
    await guard.allowServers([{ profile: named, endpointIndex: 0 }]);
    const before = asked.length;
    await guard.prepare([named, tcp]);
    expect(asked.length).toBe(before);
    // Remembered from the first lookup: still pinned and allowed.
    await guard.allowServers([{ profile: tcp, endpointIndex: 0 }]);
    expect(guard.pinnedAddress(tcp, 0)?.address).toBe('45.76.10.9');
  });

  it('leaves a name nobody could resolve unpinned and allows nothing for it', async () => {
    const { guard, applied } = setup({});
    await guard.prepare([named]);
    await guard.allowServers([{ profile: named, endpointIndex: 0 }]);
    expect(guard.pinnedAddress(named, 0)).toEqual({ host: 'tokyo.example.net', address: undefined });
    expect(applied.at(-1)?.endpoints).toEqual([]);
  });
});

describe('KillSwitchGuard with disguised routes', () => {
  it('allows only the disguise server (address, protocol, port), not the profile endpoint', async () => {
    const { guard, applied } = setup({ 'tokyo.example.net': ['45.76.10.9'] });
    await guard.prepare([named, tcp]);
    await guard.allowServers([
      { profile: named, endpointIndex: 0, via: { host: '203.0.113.7', port: 8388, proto: 'udp' } },
      { profile: tcp, endpointIndex: 0, via: { host: '198.51.100.9', port: 443, proto: 'tcp' } },
    ]);
    expect(applied.at(-1)?.endpoints).toEqual([
      { ip: '203.0.113.7', proto: 'udp', port: 8388 },
      { ip: '198.51.100.9', proto: 'tcp', port: 443 },
    ]);
    // The driver is not pinned to the VPN server: it connects to the disguise's loopback port.
    expect(guard.pinnedAddress(named, 0)).toBeUndefined();
    expect(guard.disguiseAddress('203.0.113.7')).toBe('203.0.113.7');
  });

  it('allows a plain route and a disguised one of the same endpoint side by side, each for what it needs', async () => {
    const { guard, applied } = setup({ 'tokyo.example.net': ['45.76.10.9'] });
    await guard.prepare([named]);
    await guard.allowServers([
      { profile: named, endpointIndex: 0 },
      { profile: named, endpointIndex: 0, via: { host: '203.0.113.7', port: 8388, proto: 'udp' } },
    ]);
    expect(applied.at(-1)?.endpoints).toEqual([
      { ip: '45.76.10.9', proto: 'udp', port: 51820 },
      { ip: '203.0.113.7', proto: 'udp', port: 8388 },
    ]);
  });

  it('looks a host-named disguise server up through the address book and pins the address it allows', async () => {
    const { guard, applied, asked } = setup({
      'tokyo.example.net': ['45.76.10.9'],
      'ss.example.org': ['45.77.20.44', '45.77.20.45'],
    });
    await guard.prepare([named]);
    await guard.allowServers([
      { profile: named, endpointIndex: 0, via: { host: 'ss.example.org', port: 8388, proto: 'udp' } },
    ]);
    expect(asked).toContain('ss.example.org');
    expect(applied.at(-1)?.endpoints).toEqual([{ ip: '45.77.20.44', proto: 'udp', port: 8388 }]);
    // The program is started on exactly the address the kill switch lets through, whatever the case of the name.
    expect(guard.disguiseAddress('ss.example.org')).toBe('45.77.20.44');
    expect(guard.disguiseAddress('SS.example.org')).toBe('45.77.20.44');
  });

  it('allows nothing for a disguise server nobody could resolve, and has no address for it', async () => {
    const { guard, applied } = setup({ 'tokyo.example.net': ['45.76.10.9'] });
    await guard.prepare([named]);
    await guard.allowServers([
      { profile: named, endpointIndex: 0, via: { host: 'gone.example.org', port: 8388, proto: 'udp' } },
    ]);
    expect(applied.at(-1)?.endpoints).toEqual([]);
    expect(guard.disguiseAddress('gone.example.org')).toBeUndefined();
  });
});
