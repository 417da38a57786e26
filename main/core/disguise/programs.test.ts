import { describe, expect, it } from 'vitest';
import { obfs4SocksAuth, obfs4Spec, parseCmethod } from './obfs4-program';
import { DISGUISE_ACCOUNT } from './program-spec';
import { shadowsocksLocalSpec, shadowsocksTunnelSpec } from './shadowsocks-program';
import { stunnelSpec } from './stunnel-program';
import type { Obfs4Params, ShadowsocksParams, TlsParams } from './types';

const ss: ShadowsocksParams = {
  kind: 'shadowsocks',
  host: '2001:db8::7',
  port: 8388,
  method: 'aes-256-gcm',
  password: 'shadowsocks-password',
};

describe('Shadowsocks programs', () => {
  it('relays WireGuard UDP to the target behind the server, with the password only in the config file', () => {
    const spec = shadowsocksTunnelSpec(
      { params: ss, password: 's3cret', localPort: 40001, dir: '/run/h' },
      { host: '10.0.0.1', port: 51820 },
    );
    expect(spec.command).toBe('ss-tunnel');
    expect(spec.args).toEqual(['-c', '/run/h/ss-tunnel.json']);
    expect(spec.args.join(' ')).not.toContain('s3cret');
    const config = JSON.parse(spec.files[0]?.content ?? '{}') as Record<string, unknown>;
    expect(config).toMatchObject({
      server: '2001:db8::7',
      server_port: 8388,
      local_address: '127.0.0.1',
      local_port: 40001,
      password: 's3cret',
      mode: 'udp_only',
      tunnel_address: '10.0.0.1:51820',
    });
    expect(spec.local).toEqual({ host: '127.0.0.1', port: 40001 });
  });

  it('gives OpenVPN a SOCKS proxy for TCP and UDP, and drops root when asked', () => {
    const spec = shadowsocksLocalSpec({
      params: ss,
      password: 'p',
      localPort: 40002,
      dir: '/d',
      dropTo: DISGUISE_ACCOUNT,
    });
    expect(spec.command).toBe('ss-local');
    expect(spec.args).toEqual(['-c', '/d/ss-local.json', '-a', 'nobody']);
    expect(JSON.parse(spec.files[0]?.content ?? '{}')).toMatchObject({ mode: 'tcp_and_udp' });
  });
});

describe('TLS program', () => {
  const tls: TlsParams = { kind: 'tls', host: '198.51.100.9', port: 443, sni: 'cdn.example.com' };
  it('connects with the SNI, listens on loopback only, and drops root when asked', () => {
    const spec = stunnelSpec({ params: tls, localPort: 40003, dir: '/d', dropTo: DISGUISE_ACCOUNT });
    const conf = spec.files[0]?.content ?? '';
    expect(conf).toContain('accept = 127.0.0.1:40003');
    expect(conf).toContain('connect = 198.51.100.9:443');
    expect(conf).toContain('sni = cdn.example.com');
    expect(conf).toContain('client = yes');
    expect(conf).toMatch(/setuid = nobody\nsetgid = nogroup/);
    expect(
      stunnelSpec({ params: { ...tls, host: '2001:db8::9' }, localPort: 1, dir: '/d' }).files[0]?.content,
    ).toContain('connect = [2001:db8::9]:443');
  });
});

describe('obfs4 program', () => {
  const cert = 'A'.repeat(70);
  const params: Obfs4Params = { kind: 'obfs4', host: '203.0.113.5', port: 443, cert: 'obfs4-cert', iatMode: 1 };

  it('runs managed, through setpriv when root, and passes the bridge arguments as SOCKS credentials', () => {
    const spec = obfs4Spec({ params, cert, dir: '/d', dropTo: DISGUISE_ACCOUNT });
    expect(spec.command).toBe('setpriv');
    expect(spec.args.slice(-2)).toEqual(['--', 'obfs4proxy']);
    expect(spec.args).toContain('--no-new-privs');
    expect(spec.env).toMatchObject({ TOR_PT_CLIENT_TRANSPORTS: 'obfs4', TOR_PT_STATE_LOCATION: '/d/obfs4-state' });
    expect(obfs4Spec({ params, cert, dir: '/d' }).command).toBe('obfs4proxy');
    const [user, pass] = (spec.files[0]?.content ?? '').split('\n');
    expect(`${user}${pass}`).toBe(`cert=${cert};iat-mode=1`);
    expect(user?.length).toBeGreaterThan(0);
    expect(pass?.length).toBeGreaterThan(0);
  });

  it('splits arguments longer than one SOCKS field', () => {
    const long = 'B'.repeat(300);
    const [user, pass] = obfs4SocksAuth(long, 0).split('\n');
    expect(user).toHaveLength(255);
    expect(`${user}${pass}`).toBe(`cert=${long};iat-mode=0`);
  });

  it('reads the announced port or the error', () => {
    expect(parseCmethod('VERSION 1\n')).toBeUndefined();
    expect(parseCmethod('VERSION 1\nCMETHOD obfs4 socks5 127.0.0.1:37991\nCMETHODS DONE\n')).toEqual({ port: 37991 });
    expect(parseCmethod('CMETHOD-ERROR obfs4 no such transport\n')).toEqual({
      error: 'CMETHOD-ERROR obfs4 no such transport',
    });
  });
});
