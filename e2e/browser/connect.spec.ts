import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { LabJourney, labJourneySkipReason } from './lab-journey';
import { saveScreenshot, watchPageProblems } from './page-checks';

// The walking-skeleton journey in a real browser: the lab's WireGuard server, the real core in the
// harness and Chromium both inside the lab's client namespace. Import server-1's .conf through the file
// picker, connect, watch the counters move while a page that exists only behind the tunnel loads,
// disconnect.
test.describe.configure({ mode: 'serial' });
// The browser is launched here (inside the namespace), not by the fixture: the runner's tracing of it is off.
test.use({ trace: 'off' });

const journey = new LabJourney();
let skipReason: string | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  skipReason = await labJourneySkipReason();
  if (skipReason) {
    console.log(`browser connect journey skipped: ${skipReason}`);
    return;
  }
  await journey.start({ prefix: 'hfb', servers: 1 });
});

test.afterAll(async () => {
  await journey.stop();
});

const rxBytes = async (page: Page) => Number(await page.getByTestId('stat-rx').getAttribute('data-bytes'));
const txBytes = async (page: Page) => Number(await page.getByTestId('stat-tx').getAttribute('data-bytes'));

test('imports server-1, connects, shows traffic and disconnects', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(180_000);
  const { lab, harness, browser } = journey;
  const server = lab!.servers[0]!;
  const wide = await browser!.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
  });
  const page = await wide.newPage();
  const problems = watchPageProblems(page);
  await page.goto(harness!.url);
  await expect(page.getByTestId('connection-state')).toHaveText('Disconnected');

  await page.getByTestId('nav-servers').click();
  await page.getByTestId('import-input').setInputFiles(server.wireguardConfPath);
  const result = page.getByTestId('import-result').filter({ hasText: path.basename(server.wireguardConfPath) });
  await expect(result).toHaveAttribute('data-status', 'imported');
  await expect(page.getByTestId('profile-row')).toHaveCount(1);

  await page.getByTestId('nav-connection').click();
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveText('Connected', { timeout: 60_000 });
  // WireGuard has one suite: what it negotiated is what the profile promised.
  await expect(page.getByTestId('strength-badge')).toHaveText('256-bit ChaCha20-Poly1305 · Strong');
  await expect(page.getByTestId('connect-button')).toHaveText('Disconnect');
  await expect(page.getByTestId('stat-endpoint')).toContainText(`${server.underlayIp}:`);

  // The page exists only behind the server: loading it proves data flows through the tunnel, and the
  // counters on the first page must move with it.
  const rxBefore = await rxBytes(page);
  const txBefore = await txBytes(page);
  const behind = await wide.newPage();
  await behind.goto(server.pageUrl, { timeout: 15_000 });
  await expect(behind.locator('body')).toContainText(server.pageText);
  await behind.close();
  await expect.poll(() => rxBytes(page), { timeout: 15_000 }).toBeGreaterThan(rxBefore);
  await expect.poll(() => txBytes(page), { timeout: 15_000 }).toBeGreaterThan(txBefore);
  await expect(page.getByTestId('stat-handshake')).toContainText('ago');
  await saveScreenshot(page, 'connect-wide-light');

  const narrow = await browser!.newContext({
    viewport: { width: 400, height: 760 },
    colorScheme: 'dark',
    locale: 'en-US',
  });
  const small = await narrow.newPage();
  const smallProblems = watchPageProblems(small);
  await small.goto(harness!.url);
  await expect(small.getByTestId('connection-state')).toHaveText('Connected');
  await expect(small.getByTestId('stat-rx')).toBeVisible();
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await saveScreenshot(small, 'connect-narrow-dark');

  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveText('Disconnected', { timeout: 30_000 });
  await expect(page.getByTestId('live-stats')).toHaveCount(0);
  // Both windows follow the engine, not their own clicks.
  await expect(small.getByTestId('connection-state')).toHaveText('Disconnected');
  await saveScreenshot(small, 'disconnected-narrow-dark');

  expect(problems).toEqual([]);
  expect(smallProblems).toEqual([]);
  await narrow.close();
  await wide.close();
});
