import { expect, test, type Browser } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { openvpnProfile } from './openvpn-fixture';
import { saveScreenshot, watchPageProblems } from './page-checks';
import {
  expectNoSidewaysScroll,
  importProfile,
  NARROW_DARK_ZH,
  NARROW_LIGHT_ZH,
  openPage,
  WIDE_DARK,
  WIDE_LIGHT,
} from './scripted-tunnels';

// Encryption strength through the real engine with scripted tunnels (--fake-driver): no root, no network
// lab, nothing leaves the machine. Separate from the lab journey in connect.spec.ts, which uses real ones.
test.describe.configure({ mode: 'serial' });

interface Scenario {
  kind: 'strong' | 'weak';
  file: string;
  profileName: string;
  ciphers: 'modern' | 'blowfish';
  expected: string;
  badge: string;
  badgeZh: string;
  level: string;
  weakestPart: string;
  wide: typeof WIDE_LIGHT;
  narrow: typeof NARROW_DARK_ZH;
}

const SCENARIOS: Scenario[] = [
  {
    kind: 'strong',
    file: 'amsterdam.ovpn',
    profileName: 'Amsterdam',
    ciphers: 'modern',
    expected: '256-bit AES-GCM · Strong · expected',
    badge: '256-bit AES-GCM · Strong',
    badgeZh: '256 位 AES-GCM · 强',
    level: '256-bit key · about 128-bit security, limited by the P-256 certificate',
    weakestPart: 'part-handshake',
    wide: WIDE_LIGHT,
    narrow: NARROW_DARK_ZH,
  },
  {
    kind: 'weak',
    file: 'old-office.ovpn',
    profileName: 'Old Office',
    ciphers: 'blowfish',
    expected: '128-bit BF-CBC · Insecure · expected',
    badge: '128-bit BF-CBC · Insecure',
    badgeZh: '128 位 BF-CBC · 不安全',
    level: '128-bit key · about 64-bit security, limited by the BF-CBC data cipher',
    weakestPart: 'part-data',
    wide: WIDE_DARK,
    narrow: NARROW_LIGHT_ZH,
  },
];

for (const scenario of SCENARIOS) {
  test.describe(`${scenario.kind} encryption`, () => {
    let harness: HarnessProcess;
    let dataDir: string;

    test.beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), `hfb-${scenario.kind}-`));
      harness = await startHarnessProcess({ dataDir, fakeDriver: scenario.kind });
    });

    test.afterAll(async () => {
      await harness?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    test('shows the expected strength, then the negotiated badge and its explanation', async ({ browser }) => {
      await journey(browser, harness.url, scenario);
    });
  });
}

async function journey(browser: Browser, url: string, s: Scenario): Promise<void> {
  const { context, page } = await openPage(browser, url, s.wide);
  const problems = watchPageProblems(page);
  await importProfile(page, s.file, openvpnProfile({ ciphers: s.ciphers }));
  const row = page.getByTestId('profile-row').filter({ hasText: s.profileName });
  await expect(row.getByTestId('profile-strength')).toHaveText(s.expected);
  await saveScreenshot(page, `servers-${s.kind}-expected`);

  await page.getByTestId('nav-connection').click();
  await expect(page.getByTestId('strength-badge')).toHaveText(s.expected);
  await expect(page.getByTestId('strength-panel')).toHaveAttribute('data-source', 'expected');
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('strength-badge')).toHaveText(s.badge);
  await expect(page.getByTestId('strength-summary-level')).toHaveText(s.level);
  const panel = page.getByTestId('strength-panel');
  await expect(panel).toHaveAttribute('data-source', 'negotiated');
  await expect(page.getByTestId(s.weakestPart)).toHaveAttribute('data-weakest', 'true');
  await expect(page.getByTestId('part-control')).toContainText(s.kind === 'strong' ? 'TLSv1.3' : 'TLSv1 ');
  await expect(page.getByTestId('strength-reasons').locator('li')).not.toHaveCount(0);
  await expect(page.getByTestId('stat-endpoint')).toContainText('198.51.100.10:1194');
  await saveScreenshot(page, `strength-${s.kind}-wide-${s.wide.colorScheme}`);

  // The same connection in another window: narrow, the other theme, Simplified Chinese.
  const narrow = await openPage(browser, url, s.narrow);
  const narrowProblems = watchPageProblems(narrow.page);
  await expect(narrow.page.getByTestId('connection-state')).toHaveText('已连接');
  await expect(narrow.page.getByTestId('strength-badge')).toHaveText(s.badgeZh);
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, `strength-${s.kind}-narrow-${s.narrow.colorScheme}-zh`);
  await narrow.page.getByTestId('nav-servers').click();
  await expect(narrow.page.getByTestId('profile-strength')).toHaveText(s.badgeZh);
  await expectNoSidewaysScroll(narrow.page);

  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'disconnected');
  await expect(page.getByTestId('strength-badge')).toHaveText(s.expected);
  expect(problems).toEqual([]);
  expect(narrowProblems).toEqual([]);
  await narrow.context.close();
  await context.close();
}
