import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { waitUntil } from './lab-commands';

/**
 * The server side of each disguise, run in a lab server's namespace the way a provider or a user's own server
 * would run it. Each resolves once the program says it is ready, and is stopped with the lab.
 */
export interface ShadowsocksServer {
  host: string;
  port: number;
  method: string;
  password: string;
  /** The `ss://` link a provider would hand out for it. */
  uri: string;
}

async function startDaemon(
  ns: string,
  command: string,
  args: string[],
  ready: RegExp,
  track: (child: ChildProcess) => void,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; said: () => string }> {
  const child = spawn('ip', ['netns', 'exec', ns, command, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  track(child);
  let said = '';
  child.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const up = await waitUntil(() => ready.test(said) || child.exitCode !== null, 10_000);
  if (!up || child.exitCode !== null) throw new Error(`lab: ${command} in ${ns} did not start: ${said.trim()}`);
  return { child, said: () => said };
}

export async function startShadowsocksServer(
  ns: string,
  host: string,
  dir: string,
  track: (child: ChildProcess) => void,
  port = 8388,
): Promise<ShadowsocksServer> {
  const method = 'chacha20-ietf-poly1305';
  const password = `lab-${Math.random().toString(36).slice(2)}`;
  const config = path.join(dir, `ss-server-${ns}.json`);
  await fs.writeFile(
    config,
    JSON.stringify({ server: host, server_port: port, password, method, mode: 'tcp_and_udp', timeout: 60 }),
    { mode: 0o600 },
  );
  await startDaemon(ns, 'ss-server', ['-c', config], /listening at/, track);
  const userinfo = Buffer.from(`${method}:${password}`).toString('base64url');
  return { host, port, method, password, uri: `ss://${userinfo}@${host}:${port}#lab-${ns}` };
}

export interface TlsServer {
  host: string;
  port: number;
  sni: string;
  /** The line a user would import: `tls HOST:PORT sni=NAME`. */
  line: string;
}

/**
 * stunnel in server mode in front of a TCP service (the lab's OpenVPN over TCP), with a self-signed
 * certificate for `sni`: the client does not check it, the OpenVPN tunnel inside authenticates the server.
 */
export async function startTlsServer(
  ns: string,
  host: string,
  port: number,
  target: { host: string; port: number },
  dir: string,
  track: (child: ChildProcess) => void,
  sni = 'cdn.example.com',
): Promise<TlsServer> {
  const base = path.join(dir, `stunnel-${ns}-${port}`);
  await fs.mkdir(base, { recursive: true, mode: 0o700 });
  const key = path.join(base, 'key.pem');
  const cert = path.join(base, 'cert.pem');
  const made = spawn(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${sni}`,
    ],
    { stdio: 'ignore' },
  );
  const code = await new Promise<number | null>((resolve) => made.once('exit', resolve));
  if (code !== 0) throw new Error('lab: openssl could not make the TLS server certificate');
  const conf = path.join(base, 'stunnel.conf');
  await fs.writeFile(
    conf,
    [
      'foreground = yes',
      'syslog = no',
      'pid =',
      '[disguise]',
      `accept = ${host}:${port}`,
      `connect = ${target.host}:${target.port}`,
      `cert = ${cert}`,
      `key = ${key}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  await startDaemon(ns, 'stunnel4', [conf], /Configuration successful/, track);
  return { host, port, sni, line: `tls ${host}:${port} sni=${sni}` };
}

export interface Obfs4Server {
  host: string;
  port: number;
  cert: string;
  /** The bridge line a user would import. */
  line: string;
}

/** obfs4proxy as a managed server transport in front of a TCP service; the bridge line comes from its SMETHOD. */
export async function startObfs4Server(
  ns: string,
  host: string,
  port: number,
  target: { host: string; port: number },
  dir: string,
  track: (child: ChildProcess) => void,
): Promise<Obfs4Server> {
  const state = path.join(dir, `obfs4-${ns}-${port}`);
  await fs.mkdir(state, { recursive: true, mode: 0o700 });
  const { said } = await startDaemon(ns, 'obfs4proxy', [], /SMETHODS DONE/, track, {
    TOR_PT_MANAGED_TRANSPORT_VER: '1',
    TOR_PT_SERVER_TRANSPORTS: 'obfs4',
    TOR_PT_SERVER_BINDADDR: `obfs4-${host}:${port}`,
    TOR_PT_ORPORT: `${target.host}:${target.port}`,
    TOR_PT_STATE_LOCATION: state,
    TOR_PT_EXIT_ON_STDIN_CLOSE: '0',
  });
  const cert = /ARGS:cert=([A-Za-z0-9+/]+),iat-mode=0/.exec(said())?.[1];
  if (!cert) throw new Error(`lab: obfs4proxy gave no bridge certificate: ${said()}`);
  return { host, port, cert, line: `obfs4 ${host}:${port} cert=${cert} iat-mode=0` };
}
