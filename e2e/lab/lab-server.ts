import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { hostChecked, waitUntil } from './lab-commands';
import { renderClientConf } from './lab-wireguard';
import { WireGuardServerProcess } from './wireguard-server';
import type { LabServer } from './lab-server-types';

export const WIREGUARD_PORT = 51820;
export const PAGE_PORT = 8080;

async function wgKeyPair(): Promise<{ privateKey: string; publicKey: string }> {
  const privateKey = (await hostChecked('wg', ['genkey'])).stdout.trim();
  const publicKey = (await hostChecked('wg', ['pubkey'], { input: `${privateKey}\n` })).stdout.trim();
  return { privateKey, publicKey };
}

/** Serves `text` on ip:PAGE_PORT from inside `ns`; resolves once it listens. */
export async function startPage(
  ns: string,
  ip: string,
  text: string,
  track: (child: ChildProcess) => void,
): Promise<void> {
  const script = path.join(import.meta.dirname, 'page-server.mjs');
  const args = [
    'netns',
    'exec',
    ns,
    process.execPath,
    script,
    '--host',
    ip,
    '--port',
    String(PAGE_PORT),
    '--text',
    text,
  ];
  const page = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(page);
  let said = '';
  page.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  page.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const up = await waitUntil(() => said.includes('listening') || page.exitCode !== null, 10_000);
  if (!up || page.exitCode !== null)
    throw new Error(`lab: the page server on ${ip} in ${ns} did not start: ${said.trim()}`);
}

export interface ServerStart {
  prefix: string;
  dir: string;
  ns: string;
  index: number;
  track: (child: ChildProcess) => void;
}

export async function startServer({
  prefix,
  dir,
  ns,
  index,
  track,
}: ServerStart): Promise<{ server: LabServer; wireguard: WireGuardServerProcess }> {
  const ifname = `${prefix}s${index}`;
  const underlayIp = `10.200.${index}.2`;
  const tunnelIp = `10.99.${index}.1`;
  const clientAddress = `10.99.${index}.2`;
  const name = `server-${index}`;
  const pageText = `behind ${name}`;
  const server = await wgKeyPair();
  const client = await wgKeyPair();

  const keyFile = path.join(dir, `${name}.key`);
  await fs.writeFile(keyFile, `${server.privateKey}\n`, { mode: 0o600 });
  const daemon = new WireGuardServerProcess(
    { ns, ifname, keyFile, listenPort: WIREGUARD_PORT, tunnelIp, clientPublicKey: client.publicKey, clientAddress },
    track,
  );
  await daemon.start();
  await startPage(ns, tunnelIp, pageText, track);

  const wireguard = {
    clientPrivateKey: client.privateKey,
    clientPublicKey: client.publicKey,
    clientAddress: `${clientAddress}/32`,
    serverPublicKey: server.publicKey,
    endpoint: { host: underlayIp, port: WIREGUARD_PORT },
    dns: tunnelIp,
    interfaceName: ifname,
  };
  const wireguardConfPath = path.join(dir, `${name}.conf`);
  await fs.writeFile(wireguardConfPath, renderClientConf(wireguard), { mode: 0o600 });
  return {
    server: {
      index,
      name,
      ns,
      underlayIp,
      tunnelIp,
      pageUrl: `http://${tunnelIp}:${PAGE_PORT}/`,
      pageText,
      wireguardConfPath,
      wireguard,
    },
    wireguard: daemon,
  };
}
