import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../main/core/system/process-runner';
import { snapshotNetns, startLab, type Lab } from '../lab/lab';
import { startOpenVpnFleet, type OpenVpnFleet } from '../lab/lab-openvpn-fleet';
import { writeBareConf } from '../lab/lab-shapes';

/**
 * The benchmark's world: a lab with two servers, each offering WireGuard UDP 51820, OpenVPN UDP 1194 and
 * OpenVPN TCP 443 (full tunnel), the client profiles a provider would ship for each (ids server-N-wg,
 * server-N-udp, server-N-tcp), and the pages the probe fetches through whatever tunnel is up.
 */
export const BENCH_PREFIX = 'hfbench';

export interface BenchLab {
  lab: Lab;
  fleet: OpenVpnFleet;
  cli: string;
  profileFiles: string[];
  /** The WireGuard files without a DNS line (ids server-N-bare), for the cases that start on one. */
  bareProfileFiles: string[];
  /** Pages that exist only behind the servers (any of them proves traffic flows through a tunnel). */
  serverPages: string[];
  /** The client namespace as it must look between runs. */
  cleanSnapshot: string;
  holdfast(dataDir: string, args: string[], timeoutMs?: number): Promise<RunResult>;
  stop(): Promise<void>;
}

/** `prefix` names the lab's namespaces; a test suite passes its own so it can run next to the benchmark. */
export async function startBenchLab(cli: string, prefix = BENCH_PREFIX): Promise<BenchLab> {
  const lab = await startLab({ prefix, servers: 2 });
  let fleet: OpenVpnFleet | undefined;
  try {
    fleet = await startOpenVpnFleet(lab);
    const profilesDir = path.join(lab.dir, 'profiles');
    await fs.mkdir(profilesDir, { mode: 0o700 });
    const profileFiles: string[] = [];
    for (const server of lab.servers) {
      const target = path.join(profilesDir, `${server.name}-wg.conf`);
      await fs.copyFile(server.wireguardConfPath, target);
      profileFiles.push(target);
    }
    for (const entry of fleet.entries) {
      const target = path.join(profilesDir, `${entry.server.name}-${entry.proto}.ovpn`);
      await fs.copyFile(entry.ovpnPath, target);
      profileFiles.push(target);
    }
    const bareProfileFiles: string[] = [];
    for (const server of lab.servers)
      bareProfileFiles.push(await writeBareConf(server, profilesDir, `${server.name}-bare`));
    const serverPages = [...lab.servers.map((s) => s.pageUrl), ...fleet.entries.map((e) => e.openvpn.pageUrl)];
    const started = fleet;
    return {
      lab,
      fleet,
      cli,
      profileFiles,
      bareProfileFiles,
      serverPages,
      cleanSnapshot: await snapshotNetns(lab.clientNs),
      holdfast: (dataDir, args, timeoutMs = 60_000) =>
        lab.exec(lab.clientNs, process.execPath, [cli, '--data-dir', dataDir, ...args], { timeoutMs }),
      stop: async () => {
        await started.stop();
        await lab.stop();
      },
    };
  } catch (err) {
    await fleet?.stop().catch(() => undefined);
    await lab.stop();
    throw err;
  }
}

/**
 * A data folder with every bench profile imported and `settings` applied. Each run copies it, so failure
 * memory from one run never steers the next. Returns the refusal when a setting is not known yet.
 */
export async function prepareDataDir(
  bench: BenchLab,
  name: string,
  settings: Array<[string, string]> = [],
  bare = false,
): Promise<{ dir: string; refused: string | null }> {
  const dir = path.join(bench.lab.dir, `data-${name}`);
  await fs.rm(dir, { recursive: true, force: true });
  // A bare file carries the same key as the server's usual one: both in one race would fight over the
  // server's single peer, so a bare case imports the bare WireGuard files instead of the usual ones.
  const files = bare
    ? [...bench.profileFiles.filter((f) => !f.endsWith('-wg.conf')), ...bench.bareProfileFiles]
    : bench.profileFiles;
  const imported = await bench.holdfast(dir, ['import', ...files]);
  if (imported.code !== 0) {
    throw new Error(`bench: holdfast import failed (${imported.code}): ${(imported.stderr || imported.stdout).trim()}`);
  }
  for (const [key, value] of settings) {
    const set = await bench.holdfast(dir, ['settings', 'set', key, value]);
    if (set.code !== 0)
      return { dir, refused: `holdfast settings set ${key} ${value}: ${(set.stderr || set.stdout).trim()}` };
  }
  return { dir, refused: null };
}

/** A private copy of a prepared data folder for one run. */
export async function copyDataDir(template: string, target: string): Promise<void> {
  await fs.rm(target, { recursive: true, force: true });
  await fs.cp(template, target, { recursive: true });
  await fs.chmod(target, 0o700);
  for (const entry of await fs.readdir(target, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) await fs.chmod(path.join(entry.parentPath, entry.name), 0o700);
  }
}
