import { expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { openvpnProfile } from './openvpn-fixture';
import { saveScreenshot, watchPageProblems } from './page-checks';
import { expectNoSidewaysScroll, importProfile, NARROW_DARK_ZH, openPage, WIDE_LIGHT } from './scripted-tunnels';
import { wireguardProfile } from './wireguard-fixture';

// The server list through the real engine with scripted tunnels (--fake-driver): rename, prefer and regroup
// in one window and watch a second, narrow Chinese window follow. No root, nothing leaves the machine.
test.describe.configure({ mode: 'serial' });

let harness: HarnessProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hfb-servers-'));
  harness = await startHarnessProcess({ dataDir, fakeDriver: 'strong' });
});

test.afterAll(async () => {
  await harness?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('renames, prefers and regroups servers, and every window follows', async ({ browser }) => {
  const { page } = await openPage(browser, harness.url, WIDE_LIGHT);
  const problems = watchPageProblems(page);
  await importProfile(page, 'tokyo.ovpn', openvpnProfile({ ciphers: 'modern', servers: ['198.51.100.10'] }));
  await importProfile(page, 'osaka.ovpn', openvpnProfile({ ciphers: 'modern', servers: ['198.51.100.20'] }));
  await importProfile(page, 'osaka-wg.conf', wireguardProfile().text);

  const items = page.getByTestId('server-item');
  await expect(items).toHaveCount(3);
  const tokyo = items.filter({ has: page.getByRole('heading', { name: 'Tokyo' }) });
  const osaka = items.filter({ has: page.getByRole('heading', { name: 'Osaka', exact: true }) });

  // Inline rename: Enter saves; the automatic name stays visible.
  await tokyo.getByRole('button', { name: 'Rename Tokyo' }).click();
  await page.getByTestId('server-rename-input').fill('Tokyo home');
  await page.getByTestId('server-rename-input').press('Enter');
  const home = items.filter({ has: page.getByRole('heading', { name: 'Tokyo home' }) });
  await expect(home).toContainText('automatic name: Tokyo');

  // The star: one preferred server, said in words too.
  await osaka.getByTestId('server-prefer').click();
  await expect(osaka.getByTestId('server-prefer')).toHaveAttribute('aria-pressed', 'true');
  await expect(osaka).toContainText('Preferred');
  await expect(home.getByTestId('server-prefer')).toHaveAttribute('aria-pressed', 'false');

  // Regroup: the WireGuard profile (its own server by address) joins Osaka.
  const wgServer = items.filter({ has: page.getByTestId('server-profile').filter({ hasText: 'Osaka WG' }) });
  await wgServer.getByRole('button', { name: /^Move Osaka WG/ }).click();
  await page.getByTestId('server-move-select').selectOption({ label: 'Osaka' });
  await page.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(items).toHaveCount(2);
  await expect(osaka.getByTestId('server-profile')).toHaveCount(2);
  await expect(osaka).toContainText('moved here by you');
  await saveScreenshot(page, 'servers-wide-light');

  // A second window, narrow, dark and in Simplified Chinese, shows the same list.
  const narrow = await openPage(browser, harness.url, NARROW_DARK_ZH);
  const narrowProblems = watchPageProblems(narrow.page);
  await narrow.page.getByTestId('nav-servers').click();
  await expect(narrow.page.getByTestId('server-item')).toHaveCount(2);
  await expect(narrow.page.getByRole('heading', { name: 'Tokyo home' })).toBeVisible();
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, 'servers-narrow-dark-zh');

  // The choices survive a restart of the window: they live in the engine's settings, not the page.
  await page.reload();
  await page.getByTestId('nav-servers').click();
  await expect(page.getByTestId('server-item')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: 'Tokyo home' })).toBeVisible();
  await expect(page.getByTestId('server-item').filter({ hasText: 'Preferred' }).getByRole('heading')).toHaveText(
    'Osaka',
  );

  expect(problems).toEqual([]);
  expect(narrowProblems).toEqual([]);
});
