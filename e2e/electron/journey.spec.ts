import { expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labPrerequisites, startLab, type Lab } from '../lab/lab';
import { electronAvailability } from './electron-binary.mjs';
import { launchHoldfast, type LaunchedApp } from './launch';

// The journey a user makes, in the real app inside the lab's client namespace: import the lab server's
// WireGuard profile, connect, see Connected, reach a page that exists only behind the tunnel, disconnect.
const availability = electronAvailability();
const lab = labPrerequisites();
const skipReason = !availability.ok
  ? availability.reason
  : !lab.ok
    ? `Electron journey skipped: the network lab needs ${lab.missing.join(', ')}. ${lab.hint}`
    : '';
if (skipReason) console.log(skipReason);

test.describe('Holdfast desktop journey over WireGuard in the lab', () => {
  test.skip(skipReason !== '', skipReason);
  test.describe.configure({ mode: 'serial' });

  let network: Lab;
  let launched: LaunchedApp;
  let dataDir: string;

  test.beforeAll(async () => {
    if (!availability.ok || skipReason) return;
    network = await startLab({ prefix: 'hfe', servers: 1 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'hfe-journey-'));
    launched = await launchHoldfast({ binary: availability.binary, dataDir, netns: network.clientNs });
  });

  test.afterAll(async () => {
    // Quitting disconnects and cleans up before the namespace goes away.
    await launched?.app.close();
    await network?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('imports, connects, carries traffic through the tunnel and disconnects', async () => {
    const server = network.servers[0]!;
    const page = launched.window;
    const fetchPage = async () =>
      (await network.exec(network.clientNs, 'curl', ['-s', '--max-time', '4', server.pageUrl])).stdout;

    await expect(page.getByTestId('connection-state')).toHaveText('Disconnected');
    expect(await fetchPage()).not.toContain(server.pageText);

    await page.getByTestId('import-input').setInputFiles(server.wireguardConfPath);
    await expect(page.getByTestId('import-result').first()).toHaveAttribute('data-status', 'imported');
    await expect(page.getByTestId('profile-row')).toHaveCount(1);

    await page.getByTestId('connect-button').click();
    await expect(page.getByTestId('connection-state')).toHaveText('Connected', { timeout: 60_000 });
    expect(await fetchPage(), launched.output()).toContain(server.pageText);

    await page.getByTestId('connect-button').click();
    await expect(page.getByTestId('connection-state')).toHaveText('Disconnected', { timeout: 30_000 });
    expect(await fetchPage()).not.toContain(server.pageText);
  });
});
