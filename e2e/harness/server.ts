/**
 * The browser test harness as a program:
 *   node --import tsx e2e/harness/server.ts --data-dir DIR [--port N] [--renderer-dir out/renderer]
 *        [--fake-driver strong|weak [--fake-drop-after MS]] [--fake-latency]
 * Creates the real core on DIR, serves the renderer on 127.0.0.1 and prints the page URL on stdout once
 * ready (the only line it writes there). Events and problems go to stderr. SIGINT/SIGTERM disconnect and
 * clean up before exiting.
 *
 * --fake-driver replaces the tunnel drivers with scripted ones (fake-tunnels.ts) and turns the kill switch
 * off: the real engine (failover, strength rating, credentials, incidents) runs, but no tunnel, firewall
 * rule or packet is ever made, so it needs neither root nor a network lab. With it, `servers.measure` never
 * gets an answer; --fake-latency gives every server a stable made-up latency instead (fake-latency.ts).
 * Disguises imported into it run as fake programs (fake-disguises.ts), and the network can be censored:
 * with --fake-driver, a line `censor on` or `censor off` on stdin switches the censor (fake-tunnels.ts) and
 * is answered on stderr with `harness: censor on` (or off) once it holds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { FileKeyVault } from '../../main/core/security/file-key-vault';
import { createHoldfastCore } from '../../main/core/service/core';
import { FakeDisguiseStarter, type StoredDisguises } from './fake-disguises';
import { fakeLatencyNetwork } from './fake-latency';
import { createFakeTunnels, type FakeScenario, type FakeTunnels } from './fake-tunnels';
import { startHarness } from './harness';
import { followStoredDisguises } from './stored-disguises';

const repoRoot = path.resolve(import.meta.dirname, '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: path.join(repoRoot, 'out/renderer') },
      'fake-driver': { type: 'string' },
      'fake-drop-after': { type: 'string' },
      'fake-latency': { type: 'boolean' },
    },
  });
  const dataDir = values['data-dir'];
  const port = Number(values.port);
  if (!dataDir) throw new Error('--data-dir is required');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port} is not a port`);

  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const scenario = values['fake-driver'];
  if (scenario !== undefined && scenario !== 'strong' && scenario !== 'weak') {
    throw new Error(`--fake-driver ${scenario}: use strong or weak`);
  }
  const dropAfter = values['fake-drop-after'] === undefined ? undefined : Number(values['fake-drop-after']);
  if (dropAfter !== undefined && (!scenario || !Number.isInteger(dropAfter) || dropAfter < 0)) {
    throw new Error('--fake-drop-after needs --fake-driver and a whole number of milliseconds');
  }
  const fake = scenario ? createFakeTunnels({ scenario: scenario as FakeScenario, dropAfterMs: dropAfter }) : null;
  if (fake)
    process.stderr.write(`harness: scripted ${scenario} tunnels, kill switch off, nothing touches the network\n`);
  const dataPath = path.resolve(dataDir);
  const vault = await FileKeyVault.open(dataPath);
  let stored: (() => StoredDisguises) | null = null;
  const disguises = fake
    ? new FakeDisguiseStarter(
        () => {
          if (!stored) throw new Error('the harness is still starting');
          return stored();
        },
        (line) => process.stderr.write(`harness: ${line}\n`),
      )
    : undefined;
  const core = await createHoldfastCore({
    dataDir: dataPath,
    vault,
    version,
    ...(fake ? { drivers: fake.drivers, probe: fake.probe, killSwitch: null, privileged: true, disguises } : {}),
    ...(values['fake-latency'] ? { latencyNetwork: fakeLatencyNetwork() } : {}),
  });
  if (fake) {
    stored = await followStoredDisguises(dataPath, vault, core.events);
    listenForControls(fake);
  }
  const harness = await startHarness({
    core,
    rendererDir: values['renderer-dir'],
    port,
    onEvent: (event) => {
      if (event.type !== 'status') process.stderr.write(`${JSON.stringify(event)}\n`);
    },
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`harness: ${signal}, shutting down\n`);
    try {
      await core.shutdown('the test harness is stopping');
      await harness.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  process.stdout.write(`${harness.url}\n`);
}

/** The test that started the harness switches the censor through stdin: the page has no say in it. */
function listenForControls(fake: FakeTunnels): void {
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim();
    if (command === 'censor on' || command === 'censor off') {
      fake.setCensor(command === 'censor on');
      process.stderr.write(`harness: ${command}\n`);
    } else if (command) {
      process.stderr.write(`harness: unknown control ${JSON.stringify(command.slice(0, 80))}\n`);
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`harness: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
