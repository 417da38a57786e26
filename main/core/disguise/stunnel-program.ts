import type { DisguiseProgramSpec, Unprivileged } from './program-spec';
import type { TlsParams } from './types';

export interface TlsRun {
  params: TlsParams;
  localPort: number;
  dir: string;
  dropTo?: Unprivileged;
}

/**
 * OpenVPN over TCP inside TLS: stunnel in client mode accepts on loopback and connects to the server with the
 * given SNI. The certificate is not checked on purpose: the TLS layer is only a costume, and the OpenVPN tunnel
 * inside authenticates the server with the profile's own CA. Checking here would add no protection and would
 * break self-signed disguise servers.
 */
export function stunnelSpec(run: TlsRun): DisguiseProgramSpec {
  const { host, port, sni } = run.params;
  const connect = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const content = [
    'foreground = yes',
    'syslog = no',
    'debug = notice',
    'pid =',
    ...(run.dropTo ? [`setuid = ${run.dropTo.user}`, `setgid = ${run.dropTo.group}`] : []),
    '[holdfast]',
    'client = yes',
    `accept = 127.0.0.1:${run.localPort}`,
    `connect = ${connect}`,
    `sni = ${sni}`,
    'verifyChain = no',
    'verifyPeer = no',
    '',
  ].join('\n');
  return {
    command: 'stunnel4',
    args: [`${run.dir}/stunnel.conf`],
    files: [{ name: 'stunnel.conf', content }],
    ready: { output: /Configuration successful/ },
    local: { host: '127.0.0.1', port: run.localPort },
  };
}
