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
