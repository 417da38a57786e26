import { describe, expect, it } from 'vitest';
import { baseIdFromFileName, isProfileId, nameFromFileName, uniqueId } from './profile-id';

describe('profile ids and names', () => {
  it.each([
    ['us-nyc-01.ovpn', 'us-nyc-01'],
    ['US East_01.conf', 'us-east_01'],
    ['Ünïcode Server!.conf', 'unicode-server'],
    ['../../etc/passwd', 'passwd'],
    ['..hidden..name.ovpn', 'hidden.name'],
    ['x.secrets.conf', 'x-secrets'],
    ['東京.conf', 'profile'],
    ['.ovpn', 'ovpn'],
    [`${'a'.repeat(100)}.conf`, 'a'.repeat(64)],
  ])('%s -> %s', (file, id) => {
    const result = baseIdFromFileName(file);
    expect(result).toBe(id);
    expect(isProfileId(result)).toBe(true);
  });

  it('makes ids unique with -2, -3', () => {
    const taken = new Set(['a', 'a-2']);
    expect(uniqueId('a', (id) => taken.has(id))).toBe('a-3');
    expect(uniqueId('b', (id) => taken.has(id))).toBe('b');
  });

  it.each([
    ['us-nyc-01_tcp.ovpn', 'US NYC 01 TCP'],
    ['mullvad-se-sto-wg-001.conf', 'Mullvad SE Sto WG 001'],
    ['ProtonVPN_Switzerland.ovpn', 'ProtonVPN Switzerland'],
    ['provider.zip/folder/tokyo-1.conf', 'Tokyo 1'],
    ['---.conf', 'Profile'],
  ])('names %s "%s"', (file, name) => {
    expect(nameFromFileName(file)).toBe(name);
  });
});
