import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHoldfastCore, type HoldfastCore } from '../../main/core/service/core';
import type { ImportProgressEvent } from '../../main/core/events';
import type { ServerListing } from '../../main/core/service/server-listing';
import { fleetFiles, fleetZip } from '../../main/core/testing/fleet-fixture';
import { searchServers } from '../../preload/places/server-match';

/**
 * `npm run bench -- --servers`: how a provider's whole fleet fares in the core, no lab needed. Imports
 * bundles of 1,000 and 10,000 WireGuard profiles named like Mullvad's through the real core (the real
 * profile store: sealed secrets, atomic writes with fsync), then times `servers.list` and the shared search
 * over the 10,000 servers. JSON on stdout. Goal (issue 12): 1,000 files import in at most 5 s.
 */
export interface ServersBenchResult {
  machine: { cpus: number; node: string };
  import: Array<{ files: number; ms: number; perFileMs: number; imported: number; progressEvents: number }>;
  reimportUnchanged: { files: number; ms: number };
  list: { servers: number; runs: number; p50Ms: number; p95Ms: number; heapMiB: number };
  search: Array<{ query: string; matches: number; p50Ms: number; p95Ms: number }>;
  goals: { import1000Within5s: boolean };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(2));
};

async function withCore<T>(run: (core: HoldfastCore) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hf-bench-servers-'));
  try {
    const core = await createHoldfastCore({ dataDir: dir, drivers: {}, killSwitch: null });
    return await run(core);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function timedImport(core: HoldfastCore, bytes: Uint8Array, jobId: string) {
  let progressEvents = 0;
  const off = core.events.on((e) => {
    if (e.type === 'import-progress' && (e as ImportProgressEvent).jobId === jobId) progressEvents += 1;
  });
  const started = performance.now();
  const outcomes = await core.importSources([{ name: 'fleet.zip', bytes }], jobId);
  const ms = performance.now() - started;
  off();
  return { ms, outcomes, progressEvents };
}

export async function runServersBench(log: (line: string) => void = () => undefined): Promise<ServersBenchResult> {
  const result: ServersBenchResult = {
    machine: { cpus: os.cpus().length, node: process.version },
    import: [],
    reimportUnchanged: { files: 0, ms: 0 },
    list: { servers: 0, runs: 0, p50Ms: 0, p95Ms: 0, heapMiB: 0 },
    search: [],
    goals: { import1000Within5s: false },
  };
  for (const count of [1000, 10_000]) {
    const zip = fleetZip(fleetFiles(count));
    await withCore(async (core) => {
      log(`importing ${count} profiles`);
      const first = await timedImport(core, zip, `bench-${count}`);
      const imported = first.outcomes.filter((o) => o.status === 'imported').length;
      result.import.push({
        files: count,
        ms: Math.round(first.ms),
        perFileMs: Number((first.ms / count).toFixed(3)),
        imported,
        progressEvents: first.progressEvents,
      });
      if (count !== 10_000) return;
      log('importing the same 10,000 again (all unchanged)');
      const again = await timedImport(core, zip, 'bench-again');
      result.reimportUnchanged = { files: count, ms: Math.round(again.ms) };

      log('servers.list over 10,000 servers');
      const times: number[] = [];
      let listing: ServerListing | null = null;
      for (let i = 0; i < 15; i += 1) {
        const started = performance.now();
        const reply = await core.dispatcher.dispatch('servers.list', {});
        times.push(performance.now() - started);
        if (reply.ok) listing = reply.value as ServerListing;
      }
      result.list = {
        servers: listing?.servers.length ?? 0,
        runs: times.length,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        heapMiB: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
      };
      log('search over 10,000 servers');
      for (const query of ['jp', 'tokyo', '东京', 'new york', 'se-got', 'nothing-matches']) {
        const servers = listing?.servers ?? [];
        const runs: number[] = [];
        let matches = 0;
        for (let i = 0; i < 30; i += 1) {
          const started = performance.now();
          matches = searchServers(servers, query).length;
          runs.push(performance.now() - started);
        }
        result.search.push({ query, matches, p50Ms: percentile(runs, 50), p95Ms: percentile(runs, 95) });
      }
    });
  }
  result.goals.import1000Within5s = (result.import.find((i) => i.files === 1000)?.ms ?? Infinity) <= 5000;
  return result;
}
