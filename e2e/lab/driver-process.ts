// Runs the WireGuard driver as its own process inside a namespace (`ip netns exec <ns> node --import tsx
// driver-process.ts ...`), like a `connect` would, so the lab can kill it with SIGKILL and check that the
// next run cleans up. Modes:
//   connect <runtimeDir> <profile.json>   bring the tunnel up, print {"up": ifname}, then wait forever
//   recover <runtimeDir>                  undo orphaned journals, print the reports as JSON
import { readFileSync } from 'node:fs';
import { systemClock } from '../../main/core/clock';
import { NodeProcessRunner } from '../../main/core/system/node-process-runner';
import { recoverOrphans } from '../../main/core/system/orphan-recovery';
import { WireGuardDriver } from '../../main/core/tunnel/wireguard/wireguard-driver';

const [mode, runtimeDir = '', profileFile = ''] = process.argv.slice(2);
const runner = new NodeProcessRunner();

if (mode === 'recover') {
  console.log(JSON.stringify(await recoverOrphans(runtimeDir, runner)));
} else if (mode === 'connect') {
  const { profile, secrets } = JSON.parse(readFileSync(profileFile, 'utf8'));
  const driver = new WireGuardDriver({ runner, clock: systemClock, interfacePrefix: 'hfwk', recoverOrphans: false });
  const session = await driver.start({ profile, secrets, runtimeDir });
  await session.ready();
  console.log(JSON.stringify({ up: session.interfaceName }));
  setInterval(() => undefined, 60_000);
} else {
  console.error('usage: driver-process.ts connect <runtimeDir> <profile.json> | recover <runtimeDir>');
  process.exit(2);
}
