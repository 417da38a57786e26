import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inNsChecked, waitUntil } from './lab-commands';
import { renderClientConf } from './lab-wireguard';
import type { LabServer } from './lab-server-types';

/**
 * Servers and profiles shaped differently from the lab's defaults, as users meet them: files without a DNS
 * line (a single /32 address and nothing else to ask), servers that drop pings arriving through their
 * tunnel, servers that also run a resolver, and servers that answer nothing at all but the tunnel itself.
 */

/** Writes `<name>.conf` for the server without a DNS line; importing it gives the profile id `name`. */
export async function writeBareConf(server: LabServer, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.conf`);
  await fs.writeFile(file, renderClientConf(server.wireguard, { dns: false }), { mode: 0o600 });
  return file;
}

/**
 * How much the server answers through its tunnel besides the page on 8080: 'no-ping' drops ICMP echo
 * requests; 'dns-only' also drops TCP to every port but DNS (a dropped SYN instead of a reset); 'silent'
 * drops DNS too, so a client has nothing to ask but the page it does not know about.
 */
export async function filterTunnel(server: LabServer, mode: 'no-ping' | 'dns-only' | 'silent'): Promise<void> {
  const ifname = server.wireguard.interfaceName;
  const extra = {
    'no-ping': [],
    'dns-only': [`    iifname "${ifname}" tcp dport != { 53, 8080 } drop`],
    silent: [`    iifname "${ifname}" tcp dport != 8080 drop`, `    iifname "${ifname}" udp dport 53 drop`],
  }[mode];
  const script = [
    'table inet holdfast_lab_shape',
    'delete table inet holdfast_lab_shape',
    'table inet holdfast_lab_shape {',
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    `    iifname "${ifname}" icmp type echo-request drop`,
    `    iifname "${ifname}" icmpv6 type echo-request drop`,
    ...extra,
    '  }',
    '}',
    '',
  ].join('\n');
  await inNsChecked(server.ns, 'nft', ['-f', '-'], { input: script });
}

export async function unfilterTunnel(server: LabServer): Promise<void> {
  await inNsChecked(server.ns, 'nft', ['-f', '-'], {
    input: 'table inet holdfast_lab_shape\ndelete table inet holdfast_lab_shape\n',
  });
}

/** Runs a DNS responder on the server's tunnel address (UDP and TCP 53); resolves once it listens. */
export async function startResolver(server: LabServer): Promise<ChildProcess> {
  const script = path.join(import.meta.dirname, 'dns-responder.mjs');
  const child = spawn('ip', ['netns', 'exec', server.ns, process.execPath, script, '--host', server.tunnelIp], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  child.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const up = await waitUntil(() => said.includes('listening') || child.exitCode !== null, 10_000);
  if (!up || child.exitCode !== null) {
    child.kill('SIGKILL');
    throw new Error(`lab: the DNS responder on ${server.tunnelIp} did not start: ${said.trim()}`);
  }
  return child;
}
