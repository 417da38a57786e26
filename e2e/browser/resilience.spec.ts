import { expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sensitivityPreset } from '../../main/core/connection/failover/sensitivity';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { openvpnProfile } from './openvpn-fixture';
import { saveScreenshot, watchPageProblems } from './page-checks';
import { expectNoSidewaysScroll, importProfile, NARROW_DARK_ZH, openPage, WIDE_LIGHT } from './scripted-tunnels';

// Sign-in, a drop and failover through the real engine with scripted tunnels (--fake-driver with
// --fake-drop-after): the first server stops answering, the network resets the second, the third takes
// over. No root, no lab, nothing leaves the machine.
test.describe.configure({ mode: 'serial' });

const DROP_AFTER_MS = 4000;
const SERVERS = ['198.51.100.10', '198.51.100.20', '198.51.100.30'];

let harness: HarnessProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hfb-resilience-'));
  harness = await startHarnessProcess({ dataDir, fakeDriver: 'strong', fakeDropAfterMs: DROP_AFTER_MS });
});

test.afterAll(async () => {
  await harness?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('signs in, survives a drop, tells it in a toast and on the timeline', async ({ browser }) => {
  const { context, page } = await openPage(browser, harness.url, WIDE_LIGHT);
  const problems = watchPageProblems(page);
  await importProfile(
    page,
    'amsterdam.ovpn',
    openvpnProfile({ ciphers: 'modern', authUserPass: true, servers: SERVERS }),
  );
  // A second window, narrow, dark and in Simplified Chinese, follows the same engine.
  const narrow = await openPage(browser, harness.url, NARROW_DARK_ZH);
  const narrowProblems = watchPageProblems(narrow.page);
  await page.getByTestId('connect-button').click();

  const dialog = page.getByTestId('credentials-dialog');
  await expect(dialog).toContainText('Sign in to Amsterdam');
  await expect(page.getByLabel('User name')).toBeFocused();
  await page.getByLabel('User name').fill('alice');
  await page.getByLabel('Password').fill('not-a-real-password');
  await saveScreenshot(page, 'credentials-wide-light');
  await expect(narrow.page.getByTestId('credentials-dialog')).toContainText('登录 Amsterdam');
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, 'credentials-narrow-dark-zh');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog).toHaveCount(0);
  // Answered in one window, the question closes in the other.
  await expect(narrow.page.getByTestId('credentials-dialog')).toHaveCount(0);
  await page.getByTestId('nav-connection').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

  // The first server dies; failover races the other two and lands on the third.
  const toast = page.getByTestId('toast');
  await expect(toast).toContainText('Reconnected', { timeout: 30_000 });
  await expect(toast).toContainText('stopped answering; reconnected through Amsterdam (198.51.100.30)');
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('stat-endpoint')).toContainText('198.51.100.30');
  await expect(page.getByTestId('state-detail')).toContainText('Back after a drop');
  await saveScreenshot(page, 'toast-wide-light');

  await toast.getByRole('button', { name: 'What happened' }).click();
  const incident = page.getByTestId('incident');
  await expect(incident).toHaveAttribute('data-status', 'resolved');
  await expect(incident).toContainText('Amsterdam (198.51.100.10) stopped answering');
  await expect(incident).toContainText('Noticed after');
  const attempts = incident.getByTestId('incident-attempt');
  await expect(attempts.filter({ hasText: '198.51.100.20' })).toContainText('reset during the TLS handshake');
  await expect(attempts.filter({ hasText: '198.51.100.30' })).toHaveAttribute('data-outcome', 'won');
  await expect(incident.getByTestId('incident-ending')).toContainText('Connected through Amsterdam (198.51.100.30)');
  await expect(incident.getByTestId('incident-total')).toContainText('Total time without a working connection');
  await saveScreenshot(page, 'activity-wide-light');

  await narrow.page.getByTestId('nav-activity').click();
  await expect(narrow.page.getByTestId('incident')).toContainText('停止响应');
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, 'activity-narrow-dark-zh');

  await page.getByTestId('nav-connection').click();
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'disconnected');
  expect(problems).toEqual([]);
  expect(narrowProblems).toEqual([]);
  await narrow.context.close();
  await context.close();
});

test('changes failover and kill switch settings in the engine', async ({ browser }) => {
  const { context, page } = await openPage(browser, harness.url, WIDE_LIGHT);
  const problems = watchPageProblems(page);
  await page.getByTestId('nav-settings').click();
  // The figures shown are the engine's own, whatever they are tuned to.
  const balanced = (sensitivityPreset('balanced').detectBusyMs / 1000).toFixed(1);
  await expect(page.getByTestId('sensitivity-figures-balanced')).toContainText(`about ${balanced} s`);
  await page
    .getByTestId('sensitivity')
    .getByLabel(/Patient/)
    .check();
  await page.getByTestId('setting-race-width').selectOption('2');
  await page.getByTestId('setting-allow-lan').check();
  await page.getByTestId('forget-network').click();
  await expect(page.getByTestId('forget-network-result')).toBeVisible();
  await saveScreenshot(page, 'settings-wide-light');

  // Another window reads the settings back from the engine, not from the first window.
  const narrow = await openPage(browser, harness.url, NARROW_DARK_ZH);
  const narrowProblems = watchPageProblems(narrow.page);
  await narrow.page.getByTestId('nav-settings').click();
  await expect(narrow.page.getByTestId('sensitivity').getByLabel(/耐心/)).toBeChecked();
  await expect(narrow.page.getByTestId('setting-race-width')).toHaveValue('2');
  await expect(narrow.page.getByTestId('setting-allow-lan')).toBeChecked();
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, 'settings-narrow-dark-zh');
  expect(problems).toEqual([]);
  expect(narrowProblems).toEqual([]);
  await narrow.context.close();
  await context.close();
});
