import type { DisguiseProgramSpec, Unprivileged } from './program-spec';
import type { ShadowsocksParams } from './types';

export interface ShadowsocksRun {
  params: ShadowsocksParams;
  password: string;
  localPort: number;
  /** The folder the config is written to (the session's runtime folder). */
  dir: string;
  /** Set when Holdfast runs as root: the program drops to this account after reading its config. */
  dropTo?: Unprivileged;
}

/**
 * WireGuard through Shadowsocks: `ss-tunnel` relays UDP from a loopback port to one fixed target behind the
 * Shadowsocks server (the WireGuard endpoint as the server sees it). WireGuard's Endpoint becomes the port.
 */
export function shadowsocksTunnelSpec(
  run: ShadowsocksRun,
  target: { host: string; port: number },
): DisguiseProgramSpec {
  const config = baseConfig(run, 'udp_only');
  config.tunnel_address = target.host.includes(':')
    ? `[${target.host}]:${target.port}`
    : `${target.host}:${target.port}`;
  return spec('ss-tunnel', run, config);
}

/** OpenVPN through Shadowsocks: `ss-local` is a SOCKS5 proxy (TCP, and UDP by UDP ASSOCIATE) on loopback. */
export function shadowsocksLocalSpec(run: ShadowsocksRun): DisguiseProgramSpec {
  return spec('ss-local', run, baseConfig(run, 'tcp_and_udp'));
}

function baseConfig(run: ShadowsocksRun, mode: 'udp_only' | 'tcp_and_udp'): Record<string, string | number> {
  return {
    server: run.params.host,
    server_port: run.params.port,
    local_address: '127.0.0.1',
    local_port: run.localPort,
    password: run.password,
    method: run.params.method,
    timeout: 60,
    mode,
  };
}

function spec(command: string, run: ShadowsocksRun, config: Record<string, string | number>): DisguiseProgramSpec {
  const name = `${command}.json`;
  return {
    command,
    // The password stays in a 0600 file, never on the command line where every user can read it.
    args: ['-c', `${run.dir}/${name}`, ...(run.dropTo ? ['-a', run.dropTo.user] : [])],
    files: [{ name, content: `${JSON.stringify(config, null, 2)}\n` }],
    ready: { output: /listening at 127\.0\.0\.1:\d+/ },
    local: { host: '127.0.0.1', port: run.localPort },
  };
}
