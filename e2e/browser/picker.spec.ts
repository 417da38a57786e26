import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { saveScreenshot, watchPageProblems } from './page-checks';
import { expectNoSidewaysScroll, openPage, type Look } from './scripted-tunnels';
import { wireguardProfile } from './wireguard-fixture';

// The server picker through the real engine with scripted tunnels (--fake-driver): a provider-style bundle
// arrives organised by country and city, is found in English and Chinese, starred, and connected to from
// the connection view. Nothing leaves the machine: the addresses are documentation ones and Measure (which
// would send probes) is never pressed here.
test.describe.configure({ mode: 'serial' });

const WIDE_LIGHT_EN: Look = { width: 1280, height: 800, colorScheme: 'light', locale: 'en-US' };
const WIDE_DARK_EN: Look = { width: 1280, height: 800, colorScheme: 'dark', locale: 'en-US' };
const NARROW_LIGHT_ZH: Look = { width: 420, height: 820, colorScheme: 'light', locale: 'zh-CN' };
const NARROW_DARK_ZH: Look = { width: 420, height: 820, colorScheme: 'dark', locale: 'zh-CN' };

/** Files named the way Mullvad names them, each its own server (its own address). */
const BUNDLE = [
  ['jp-tyo-wg-001.conf', '192.0.2.11'],
  ['jp-tyo-wg-002.conf', '192.0.2.12'],
  ['jp-osa-wg-001.conf', '192.0.2.13'],
  ['se-got-wg-001.conf', '192.0.2.14'],
  ['us-nyc-wg-001.conf', '192.0.2.15'],
  ['home.conf', '198.51.100.7'],
] as const;

/** The picker is a dialog over the window: screenshots show the window as a person sees it. */
const WINDOW = { fullPage: false };

let harness: HarnessProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hfb-picker-'));
  harness = await startHarnessProcess({ dataDir, fakeDriver: 'strong' });
});

test.afterAll(async () => {
  await harness?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function importBundle(page: Page): Promise<void> {
  await page.getByTestId('nav-servers').click();
  await page.getByTestId('import-input').setInputFiles(
    BUNDLE.map(([name, address]) => ({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(wireguardProfile().text.replace('192.0.2.10', address)),
    })),
  );
  await expect(page.locator('[data-testid="import-result"][data-status="imported"]')).toHaveCount(BUNDLE.length);
}

async function openPicker(page: Page): Promise<void> {
  await page.getByTestId('nav-connection').click();
  await page.getByTestId('picker-open').click();
  await expect(page.getByTestId('picker-dialog')).toBeVisible();
  await expect(page.getByTestId('picker-search')).toBeFocused();
}

const serverNames = (page: Page) => page.getByTestId('picker-server-name');

test('finds servers by place in both languages, stars one and connects to it', async ({ browser }) => {
  const { page } = await openPage(browser, harness.url, WIDE_LIGHT_EN);
  const problems = watchPageProblems(page);
  await importBundle(page);
  await openPicker(page);

  // Countries and cities from the file names; what could not be placed goes under Other, last.
  const tree = page.getByRole('tree');
  await expect(tree.locator('[data-group="country"]')).toHaveText([
    /Japan\s*3/,
    /Sweden\s*1/,
    /United States\s*1/,
    /Other\s*1/,
  ]);
  await expect(tree.locator('[data-group="city"]').first()).toHaveAttribute('aria-level', '2');

  const search = page.getByTestId('picker-search');
  for (const [query, count] of [
    ['jp', 3],
    ['japan', 3],
    ['日本', 3],
    ['tokyo', 2],
    ['东京', 2],
    ['home', 1],
  ] as const) {
    await search.fill(query);
    await expect(serverNames(page), query).toHaveCount(count);
  }
  await search.fill('东京');
  await expect(serverNames(page)).toHaveText([/JP Tyo WG 001/i, /JP Tyo WG 002/i]);
  await expect(page.getByTestId('picker-status')).toHaveText('2 servers match');

  // Star Gothenburg: Favourites appear at the top once the search is cleared.
  await search.fill('gothenburg');
  await page.getByTestId('picker-server').first().getByTestId('picker-favourite').click();
  await expect(page.getByTestId('picker-server').first().getByTestId('picker-favourite')).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await search.fill('');
  await expect(tree.locator('[data-group]').first()).toHaveText(/^Favourites\s*1/);
  await expect(page.getByTestId('picker-latency').first()).toHaveText('Not measured');
  await saveScreenshot(page, 'picker-wide-light-en', WINDOW);

  // Keyboard: into the list, down to a server, Enter connects and the picker closes.
  await search.fill('got');
  await search.press('ArrowDown');
  await expect(tree).toBeFocused();
  await expect(tree.locator('[aria-selected="true"]')).toHaveAttribute('data-testid', 'picker-server');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('picker-dialog')).toBeHidden();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('current-server-name')).toHaveText(/SE Got WG 001/i);
  await saveScreenshot(page, 'picker-connection-wide-light-en');

  // Back in the picker: the server is marked connected and sits under Recent.
  await openPicker(page);
  await expect(tree.locator('[data-group="recent"]')).toHaveText(/^Recent\s*1/);
  await expect(page.getByTestId('picker-server').first()).toContainText('Connected');
  expect(problems).toEqual([]);
});

test('reads well in dark, narrow and Simplified Chinese', async ({ browser }) => {
  const dark = await openPage(browser, harness.url, WIDE_DARK_EN);
  await openPicker(dark.page);
  await dark.page.getByTestId('picker-search').fill('japan');
  await saveScreenshot(dark.page, 'picker-wide-dark-en', WINDOW);

  for (const [look, name] of [
    [NARROW_LIGHT_ZH, 'picker-narrow-light-zh'],
    [NARROW_DARK_ZH, 'picker-narrow-dark-zh'],
  ] as const) {
    const { page } = await openPage(browser, harness.url, look);
    const problems = watchPageProblems(page);
    await openPicker(page);
    await expect(page.getByRole('heading', { name: '选择服务器' })).toBeVisible();
    // Countries by their Chinese names, in Chinese order (美国 before 日本); Other (其他) last.
    await expect(page.getByRole('tree').locator('[data-group="country"]')).toHaveText([
      /美国\s*1/,
      /日本\s*3/,
      /瑞典\s*1/,
      /其他\s*1/,
    ]);
    await saveScreenshot(page, name, WINDOW);
    await page.getByTestId('picker-search').fill('东京');
    await expect(serverNames(page)).toHaveCount(2);
    await expect(page.getByTestId('picker-status')).toHaveText('2 台服务器符合');
    await expectNoSidewaysScroll(page);
    await saveScreenshot(page, `${name}-search`, WINDOW);
    // `/` from the list puts the cursor back in the search box.
    await page.getByRole('tree').focus();
    await page.keyboard.press('/');
    await expect(page.getByTestId('picker-search')).toBeFocused();
    expect(problems).toEqual([]);
  }
});
