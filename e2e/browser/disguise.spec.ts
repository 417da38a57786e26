import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { disguiseCalls } from './disguise-calls';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { openvpnProfile } from './openvpn-fixture';
import { saveElementScreenshot, saveScreenshot, watchPageProblems } from './page-checks';
import { expectNoSidewaysScroll, importProfile, NARROW_DARK_ZH, openPage, WIDE_LIGHT } from './scripted-tunnels';

// A network that blocks VPN protocols, told by the real engine through the window: scripted tunnels and fake
// disguise programs (no root, no lab), a censor switched on in the harness (e2e/harness/fake-tunnels.ts), and
// disguises imported from a file the way a user does. Nothing here injects what the window shows.
test.describe.configure({ mode: 'serial' });

const SERVER = '198.51.100.10';
// One server reached two ways: the censor swallows the UDP handshake and resets the TCP one.
const PROFILE = openvpnProfile({
  ciphers: 'modern',
  remotes: [
    { host: SERVER, port: 1194, proto: 'udp' },
    { host: SERVER, port: 443, proto: 'tcp' },
  ],
});
const SS_USERINFO = Buffer.from('aes-256-gcm:a-password-only-this-test-knows').toString('base64url');
// Both disguises sit on the server's own address, so each attaches to it by itself; Shadowsocks comes first
// in the default order.
const DISGUISES = [
  '# the provider sent these',
  `ss://${SS_USERINFO}@${SERVER}:8388#Amsterdam`,
  `tls ${SERVER}:443 sni=www.example.org`,
  '',
].join('\n');

const BLOCKED = 'This network blocks VPN protocols; connected through a disguised route (Shadowsocks).';
const REMEMBERED = 'This network needed a disguise before; connected through a disguised route (Shadowsocks).';
const REMEMBERED_ZH = '此网络之前需要伪装；已通过伪装线路（Shadowsocks）连接。';

let harness: HarnessProcess;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'hfb-disguise-'));
  harness = await startHarnessProcess({ dataDir, fakeDriver: 'strong' });
});

test.afterAll(async () => {
  await harness?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function importDisguises(page: Page): Promise<void> {
  await page.getByTestId('nav-servers').click();
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'disguises.txt', mimeType: 'text/plain', buffer: Buffer.from(DISGUISES) });
  const rows = page.getByTestId('import-result').filter({ hasText: 'disguises.txt' });
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-status', 'imported');
  // Attached to the server by its address, without the user doing anything.
  await expect(page.getByTestId('disguise')).toHaveCount(2);
  await expect(page.getByTestId('unattached')).toHaveCount(0);
}

async function connect(page: Page): Promise<void> {
  await page.getByTestId('nav-connection').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'disconnected');
  await page.getByTestId('connect-button').click();
  // The first plain attempt waits out a swallowed handshake before failover brings the disguise in.
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 40_000 });
}

async function disconnect(page: Page): Promise<void> {
  await page.getByTestId('nav-connection').click();
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'disconnected');
}

test('a network that blocks VPN protocols: the engine takes a disguised route and the window says so', async ({
  browser,
}) => {
  const { context, page } = await openPage(browser, harness.url, WIDE_LIGHT);
  const problems = watchPageProblems(page);
  const calls = () => disguiseCalls(harness.log());
  await importProfile(page, 'amsterdam.ovpn', PROFILE);
  await importDisguises(page);

  // A free network: the plain route, and no word of a disguise anywhere.
  await connect(page);
  const badge = page.getByTestId('strength-badge');
  await expect(badge).toHaveText('256-bit AES-GCM · Strong');
  await expect(page.getByTestId('route-note')).toHaveCount(0);
  await expect(page.getByTestId('strength-disguise')).toHaveCount(0);
  await disconnect(page);
  expect(calls().started).toEqual([]);

  await harness.censor(true);
  await connect(page);
  const note = page.getByTestId('route-note');
  await expect(note).toHaveText(BLOCKED);
  await expect(note).toHaveAttribute('data-why', 'blocked');
  await expect(note).toHaveAttribute('title', `${SERVER}:8388`);
  // The disguise has its own line; the rating is the tunnel's own, exactly as on the free network.
  await expect(page.getByTestId('strength-disguise-line')).toHaveText('Hidden inside Shadowsocks (aes-256-gcm)');
  await expect(badge).toHaveText('256-bit AES-GCM · Strong');
  await expect(page.getByTestId('strength-panel-badge')).toHaveText('256-bit AES-GCM · Strong');
  await saveScreenshot(page, 'disguise-blocked-wide-light');

  // The timeline: the plain attempts the censor stopped, then the disguised route that carried data.
  await page.getByTestId('nav-activity').click();
  const incident = page.getByTestId('incident');
  await expect(incident).toHaveCount(1);
  await expect(incident).toHaveAttribute('data-status', 'resolved');
  await expect(incident).toContainText('Amsterdam could not be reached');
  await expect(incident).toContainText('Was on Amsterdam · UDP 1194');
  const attempts = incident.getByTestId('incident-attempt');
  const plainTcp = attempts.filter({ hasText: /Amsterdam · TCP 443/ }).filter({ hasNotText: 'Shadowsocks' });
  await expect(plainTcp).toHaveAttribute('data-outcome', 'failed');
  await expect(plainTcp).toContainText('reset during the TLS handshake');
  await expect(attempts.filter({ hasText: 'Shadowsocks · TCP 443' })).toHaveAttribute('data-outcome', 'won');
  await expect(attempts.filter({ hasText: 'TLS · TCP 443' })).toHaveCount(0);
  await expect(incident.getByTestId('incident-ending')).toContainText(
    'Connected through Amsterdam over Shadowsocks · TCP 443.',
  );
  await saveScreenshot(page, 'disguise-activity-wide-light');

  // The full tunnel keeps its disguise server outside itself; the racing probe's disguise ended when it won.
  await expect.poll(() => calls().keptOutside).toHaveLength(1);
  await expect.poll(() => calls().running).toEqual(calls().keptOutside);
  expect(calls().started.every((name) => name.includes('(shadowsocks)'))).toBe(true);

  await disconnect(page);
  await expect(page.getByTestId('route-note')).toHaveCount(0);
  await expect(page.getByTestId('strength-disguise')).toHaveCount(0);
  await expect.poll(() => calls().running).toEqual([]);

  // The same network again: the disguise goes first, straight away (one program, no race), and the card says why.
  const startedBefore = calls().started.length;
  await connect(page);
  await expect.poll(() => calls().started.length).toBe(startedBefore + 1);
  await expect(note).toHaveText(REMEMBERED);
  await expect(note).toHaveAttribute('data-why', 'remembered');
  await expect(page.getByTestId('strength-disguise-line')).toHaveText('Hidden inside Shadowsocks (aes-256-gcm)');
  await expect(badge).toHaveText('256-bit AES-GCM · Strong');
  await page.getByTestId('nav-activity').click();
  await expect(page.getByTestId('incident')).toHaveCount(1);

  // Narrow, dark, Simplified Chinese: the same engine, the same words, and nothing runs off the screen.
  const narrow = await openPage(browser, harness.url, NARROW_DARK_ZH);
  const narrowProblems = watchPageProblems(narrow.page);
  await expect(narrow.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(narrow.page.getByTestId('route-note')).toHaveText(REMEMBERED_ZH);
  await expect(narrow.page.getByTestId('strength-disguise-line')).toHaveText('隐藏在 Shadowsocks 中（aes-256-gcm）');
  await expect(narrow.page.getByTestId('strength-badge')).toHaveText('256 位 AES-GCM · 强');
  await expectNoSidewaysScroll(narrow.page);
  await saveElementScreenshot(narrow.page.locator('section.connection-card'), 'disguise-card-narrow-dark-zh');

  await disconnect(page);
  await expect(narrow.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'disconnected');
  await expect.poll(() => calls().running).toEqual([]);
  await harness.censor(false);
  expect(problems).toEqual([]);
  expect(narrowProblems).toEqual([]);
  await narrow.context.close();
  await context.close();
});
