import { expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { saveScreenshot, watchPageProblems } from './page-checks';
import { wireguardProfile } from './wireguard-fixture';

// Needs no root and no network lab: the real core on an empty data folder, driven through the UI.
// This harness runs in the machine's own network namespace, so nothing here may press Connect.
test.describe.configure({ mode: 'serial' });

let harness: HarnessProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hfb-import-'));
  harness = await startHarnessProcess({ dataDir });
});

test.afterAll(async () => {
  await harness?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('refuses a profile with a PostUp hook, names the line, then imports a clean one', async ({ page }) => {
  const problems = watchPageProblems(page);
  await page.goto(harness.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Disconnected');
  await expect(page.getByTestId('connect-button')).toBeDisabled();
  await page.getByTestId('nav-servers').click();
  await expect(page.getByTestId('profiles-empty')).toBeVisible();

  const hostile = wireguardProfile({ postUp: true });
  await page.getByTestId('import-input').setInputFiles({
    name: 'hooked.conf',
    mimeType: 'text/plain',
    buffer: Buffer.from(hostile.text),
  });
  const refused = page.getByTestId('import-result').filter({ hasText: 'hooked.conf' });
  await expect(refused).toHaveAttribute('data-status', 'refused');
  await expect(refused).toContainText('Not imported');
  await expect(refused).toContainText(`Line ${hostile.hookLine}`);
  await expect(refused).toContainText('PostUp');
  await expect(page.getByTestId('profiles-empty')).toBeVisible();
  await saveScreenshot(page, 'import-refused-wide-light');

  const clean = Buffer.from(wireguardProfile().text);
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'berlin-1.conf', mimeType: 'text/plain', buffer: clean });
  const imported = page.getByTestId('import-result').filter({ hasText: 'berlin-1.conf' });
  await expect(imported).toHaveAttribute('data-status', 'imported');
  const row = page.getByTestId('profile-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Berlin 1');
  await expect(row).toContainText('WireGuard');
  await expect(row).toContainText('192.0.2.10:51820');
  await expect(page.getByTestId('connect-button')).toBeEnabled();

  // The same content again is recognised, not stored twice.
  await page.getByTestId('import-input').setInputFiles({ name: 'copy.conf', mimeType: 'text/plain', buffer: clean });
  await expect(page.getByTestId('import-result').filter({ hasText: 'copy.conf' })).toHaveAttribute(
    'data-status',
    'duplicate',
  );
  await expect(page.getByTestId('profile-row')).toHaveCount(1);
  await saveScreenshot(page, 'import-wide-light');
  await page.getByTestId('nav-connection').click();
  await expect(page.getByTestId('connection-profile')).toContainText('Berlin 1');
  await expect(page.getByTestId('strength-badge')).toHaveText('256-bit ChaCha20-Poly1305 · Strong · expected');
  expect(problems).toEqual([]);
});

test('shows the same list in Simplified Chinese, narrow and dark', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 400, height: 760 },
    colorScheme: 'dark',
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const problems = watchPageProblems(page);
  await page.goto(harness.url);
  await expect(page.getByTestId('connection-state')).toHaveText('未连接');
  await page.getByTestId('nav-servers').click();
  await expect(page.getByTestId('profile-row')).toContainText('Berlin 1');
  // No horizontal scrolling on a narrow window.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await saveScreenshot(page, 'import-narrow-dark-zh');
  expect(problems).toEqual([]);
  await context.close();
});
