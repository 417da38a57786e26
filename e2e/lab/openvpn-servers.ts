import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseOpenVpn } from '../../main/core/profiles/parse-openvpn';
import type { OpenVpnProfile } from '../../main/core/profiles/types';
import { PAGE_PORT, type Lab, type LabServer } from './lab';
import { waitUntil } from './lab-commands';
import type { LabPki } from './openvpn-pki';

/**
 * OpenVPN servers for the lab, run inside a lab server's namespace next to its WireGuard server. These
 * are test fixtures: they may use scripts (a password check) that a client profile never could.
 * Tunnel subnet n is 10.98.n.0/24 with the server at 10.98.n.1, where a page is served as well.
 */
export interface OpenVpnServerOptions {
  subnet: number;
  proto: 'udp' | 'tcp';
  port: number;
  certificate: 'ec' | 'rsa';
  dataCiphers: string;
  auth?: string;
  pushRedirectGateway?: boolean;
  /** Listen on IPv6 too (OpenVPN binds IPv4 only for plain udp/tcp). */
  dualStack?: boolean;
  /** More server lines, e.g. a server that pushes compression. */
  extraLines?: string[];
}

export interface OpenVpnLabServer {
  lab: LabServer;
  options: OpenVpnServerOptions;
  tunnelIp: string;
  pageUrl: string;
  pageText: string;
  output(): string;
  stop(): Promise<void>;
}

export const LAB_USERNAME = 'alice';
/** Quotes, a backslash and spaces: proves the management quoting end to end. */
export const LAB_PASSWORD = 's3cret "quoted" \\ back';

async function waitForOutput(child: ChildProcess, text: () => string, needle: string, what: string): Promise<void> {
  const ok = await waitUntil(() => text().includes(needle) || child.exitCode !== null, 20_000);
  if (!ok || child.exitCode !== null) throw new Error(`lab: ${what} did not start:\n${text().slice(-2000)}`);
}

function spawnInNs(ns: string, command: string, args: string[]): { child: ChildProcess; text: () => string } {
  const child = spawn('ip', ['netns', 'exec', ns, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  return { child, text: () => said };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A password check for the server: byte-for-byte comparison of the via-file credentials. */
async function writeAuthCheck(dir: string): Promise<string> {
  const expected = path.join(dir, 'expected-credentials');
  await fs.writeFile(expected, `${LAB_USERNAME}\n${LAB_PASSWORD}\n`, { mode: 0o600 });
  const script = path.join(dir, 'check-credentials.sh');
  await fs.writeFile(script, `#!/bin/sh\nexec cmp -s "$1" '${expected}'\n`, { mode: 0o700 });
  return script;
}

export async function startOpenVpnServer(
  lab: Lab,
  server: LabServer,
  pki: LabPki,
  options: OpenVpnServerOptions,
): Promise<OpenVpnLabServer> {
  const dir = path.join(lab.dir, `openvpn-server-${options.subnet}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const check = await writeAuthCheck(dir);
  const tunnelIp = `10.98.${options.subnet}.1`;
  const cert = options.certificate === 'ec' ? pki.files.serverEcCert : pki.files.serverRsaCert;
  const key = options.certificate === 'ec' ? pki.files.serverEcKey : pki.files.serverRsaKey;
  const lines = [
    `dev ${lab.prefix}os${options.subnet}`,
    'dev-type tun',
    `proto ${options.proto === 'udp' ? 'udp' : 'tcp-server'}${options.dualStack ? '6' : ''}`,
    `port ${options.port}`,
    'topology subnet',
    `server 10.98.${options.subnet}.0 255.255.255.0`,
    `ca ${pki.files.ca}`,
    `cert ${cert}`,
    `key ${key}`,
    'dh none',
    `tls-crypt ${pki.files.tlsCrypt}`,
    `data-ciphers ${options.dataCiphers}`,
    ...(options.auth ? [`auth ${options.auth}`] : []),
    'keepalive 10 60',
    `push "dhcp-option DNS ${tunnelIp}"`,
    ...(options.pushRedirectGateway ? ['push "redirect-gateway def1"'] : []),
    'script-security 2',
    `auth-user-pass-verify ${check} via-file`,
    `tmp-dir ${dir}`,
    'verb 3',
    ...(options.extraLines ?? []),
  ];
  const configFile = path.join(dir, 'server.conf');
  await fs.writeFile(configFile, `${lines.join('\n')}\n`, { mode: 0o600 });

  const openvpn = spawnInNs(server.ns, 'openvpn', ['--config', configFile]);
  await waitForOutput(
    openvpn.child,
    openvpn.text,
    'Initialization Sequence Completed',
    `OpenVPN server ${options.subnet}`,
  );
  const pageText = `behind openvpn ${options.subnet}`;
  const page = spawnInNs(server.ns, process.execPath, [
    path.join(import.meta.dirname, 'page-server.mjs'),
    '--host',
    tunnelIp,
    '--port',
    String(PAGE_PORT),
    '--text',
    pageText,
  ]);
  await waitForOutput(page.child, page.text, 'listening', `page server on ${tunnelIp}`);
  return {
    lab: server,
    options,
    tunnelIp,
    pageUrl: `http://${tunnelIp}:${PAGE_PORT}/`,
    pageText,
    output: openvpn.text,
    stop: async () => {
      await stopChild(page.child);
      await stopChild(openvpn.child);
    },
  };
}

export interface ClientProfileOptions {
  host: string;
  port: number;
  proto: 'udp' | 'tcp';
  extra?: string[];
}

/** A client .ovpn as a provider would ship it, parsed by Holdfast's own importer. */
export async function labOpenVpnProfile(
  pki: LabPki,
  name: string,
  options: ClientProfileOptions,
): Promise<{ profile: OpenVpnProfile; secrets: Record<string, string> }> {
  const text = [
    'client',
    'dev tun',
    `proto ${options.proto}`,
    `remote ${options.host} ${options.port}`,
    'nobind',
    'remote-cert-tls server',
    'auth-user-pass',
    ...(options.extra ?? []),
    `<ca>\n${pki.caCert.trim()}\n</ca>`,
    `<cert>\n${pki.clientCert.trim()}\n</cert>`,
    `<key>\n${pki.clientKey.trim()}\n</key>`,
    `<tls-crypt>\n${pki.tlsCryptKey.trim()}\n</tls-crypt>`,
    '',
  ].join('\n');
  const fileName = `${name}.ovpn`;
  const parsed = await parseOpenVpn(text, fileName);
  if (!parsed.ok) throw new Error(`lab: ${fileName} was refused: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const profile: OpenVpnProfile = {
    ...parsed.value.profile,
    id: `lab-${name}`,
    name,
    sourceFile: fileName,
    contentHash: `lab-${name}`,
    importedAt: new Date(0).toISOString(),
  };
  return { profile, secrets: parsed.value.secrets };
}
