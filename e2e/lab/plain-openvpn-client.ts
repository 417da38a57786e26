import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Lab } from './lab';
import { waitUntil } from './lab-commands';
import { renderClientOvpn, type OpenVpnFleet, type OvpnRemote } from './lab-openvpn-fleet';

/**
 * The stock `openvpn` binary as a user runs it with a provider's file, in the lab's client namespace:
 * no Holdfast involved. Every log line is kept with the time it arrived (OpenVPN flushes each line),
 * so a benchmark can time reconnects against the moment a fault was injected.
 */
export interface LogLine {
  at: number;
  text: string;
}

export interface PlainOpenVpnClient {
  child: ChildProcess;
  lines: LogLine[];
  configPath: string;
  /** The first line at or after `since` that matches; null if none came within `timeoutMs`. */
  waitForLine(pattern: RegExp, since: number, timeoutMs: number): Promise<LogLine | null>;
  stop(): Promise<void>;
}

export interface PlainClientOptions {
  name: string;
  remotes: OvpnRemote[];
  /** Lines a provider's file typically adds (resolv-retry, persist-tun, connect-retry ...). */
  extra?: string[];
  /** The tun interface name: unique per lab, as wireguard-go sockets and tun names are global. */
  device: string;
}

export async function startPlainOpenVpn(
  lab: Lab,
  fleet: OpenVpnFleet,
  options: PlainClientOptions,
): Promise<PlainOpenVpnClient> {
  const configPath = path.join(lab.dir, `${options.name}.ovpn`);
  const text = renderClientOvpn(fleet.pki, options.remotes, options.extra ?? []).replace(
    'auth-user-pass\n',
    `auth-user-pass ${fleet.credentialsPath}\ndev-type tun\n`,
  );
  await fs.writeFile(configPath, text.replace(/^dev tun$/m, `dev ${options.device}`), { mode: 0o600 });
  const child = lab.spawnInClient('openvpn', ['--config', configPath, '--verb', '3'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let partial = '';
  const feed = (chunk: Buffer): void => {
    const at = Date.now();
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) lines.push({ at, text: part });
  };
  child.stdout?.on('data', feed);
  child.stderr?.on('data', feed);

  return {
    child,
    lines,
    configPath,
    async waitForLine(pattern, since, timeoutMs) {
      let found: LogLine | null = null;
      await waitUntil(
        () => {
          found = lines.find((l) => l.at >= since && pattern.test(l.text)) ?? null;
          return found !== null || child.exitCode !== null;
        },
        timeoutMs,
        25,
      );
      return found;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
