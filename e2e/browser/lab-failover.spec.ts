import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LabJourney, labJourneySkipReason } from './lab-journey';
import { saveScreenshot, watchPageProblems } from './page-checks';
import { expectNoSidewaysScroll, NARROW_DARK_ZH, openPage, WIDE_LIGHT } from './scripted-tunnels';

// A server dies in the lab while the window is open. Two real WireGuard servers, the real core in the
// harness and Chromium in the lab's client namespace: import both servers' .conf files through the file
// picker, connect to server 1, cut server 1 off in the router, and watch the window tell it: one toast, the
// connection now through server 2, one resolved incident on the timeline, and not one packet in the clear.
test.describe.configure({ mode: 'serial' });
// The browser is launched here (inside the namespace), not by the fixture: the runner's tracing of it is off.
test.use({ trace: 'off' });

// Unique to this spec (and no other lab prefix starts with it), so it runs beside the other lab suites.
const PREFIX = 'hflfb';
// Detection and racing times are the engine's business (and being tuned); this only bounds "seconds, not minutes".
const TOAST_TIMEOUT_MS = 20_000;

const journey = new LabJourney();
let skipReason: string | null = null;
let load: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  skipReason = await labJourneySkipReason();
  if (skipReason) {
    console.log(`browser lab failover journey skipped: ${skipReason}`);
    return;
  }
  await journey.start({ prefix: PREFIX, servers: 2 });
});

test.afterEach(async () => {
  // What the engine said (drops, failovers, notifications) is the first thing to read when this fails.
  const info = test.info();
  if (journey.harness && info.status !== info.expectedStatus) {
    await info.attach('harness.log', { body: journey.harness.log(), contentType: 'text/plain' });
  }
});

test.afterAll(async () => {
  load?.kill('SIGKILL');
  await journey.stop();
});

/** Notifications the engine sent to the windows so far (the harness logs every event it forwards, one a line). */
function notificationsSent(): number {
  const eventType = (line: string): string | undefined => {
    try {
      return (JSON.parse(line) as { type?: string }).type;
    } catch {
      return undefined; // a harness message, or a line still being written
    }
  };
  return journey
    .harness!.log()
    .split('\n')
    .filter((line) => eventType(line) === 'notification').length;
}

/** `text` as a regular expression that matches just it. */
const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Loads `url` in a new tab and checks it says `text`: a lab server's page exists only behind its tunnel. */
async function loadBehindTunnel(page: Page, url: string, text: string): Promise<void> {
  const tab = await page.context().newPage();
  await tab.goto(url, { timeout: 15_000 });
  await expect(tab.locator('body')).toContainText(text);
  await tab.close();
}

test('a server dies while the window is open: one toast, server 2 takes over, the timeline tells it', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.setTimeout(90_000);
  const { lab, harness, browser } = journey;
  const [one, two] = [lab!.servers[0]!, lab!.servers[1]!];
  const { context, page } = await openPage(browser!, harness!.url, WIDE_LIGHT);
  const problems = watchPageProblems(page);

  // Both servers' profiles, picked together in the file picker as a user would.
  await page.getByTestId('nav-servers').click();
  await page.getByTestId('import-input').setInputFiles([one.wireguardConfPath, two.wireguardConfPath]);
  for (const file of [one.wireguardConfPath, two.wireguardConfPath]) {
    const result = page.getByTestId('import-result').filter({ hasText: path.basename(file) });
    await expect(result).toHaveAttribute('data-status', 'imported');
  }
  await expect(page.getByTestId('profile-row')).toHaveCount(2);
  const rowOf = (server: typeof one) => page.getByTestId('profile-row').filter({ hasText: server.underlayIp });
  // The names the window gives the two servers (from their files), to find them in what it says later.
  const serverOne = ((await rowOf(one).locator('.profile__name').textContent()) ?? '').trim();
  const serverTwo = ((await rowOf(two).locator('.profile__name').textContent()) ?? '').trim();
  expect(serverOne).not.toBe('');
  expect(serverTwo).not.toBe('');
  expect(serverTwo).not.toBe(serverOne);
  await rowOf(one).getByRole('radio').check();

  await page.getByTestId('nav-connection').click();
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await expect(page.getByTestId('stat-endpoint')).toContainText(`${one.underlayIp}:`);
  await expect(page.getByTestId('connection-profile')).toContainText(serverOne);
  await loadBehindTunnel(page, one.pageUrl, one.pageText);

  // A second window, narrow, dark and in Simplified Chinese, follows the same engine.
  const narrow = await openPage(browser!, harness!.url, NARROW_DARK_ZH);
  const narrowProblems = watchPageProblems(narrow.page);
  await expect(narrow.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

  // Steady traffic through the tunnel, as the user's apps would make (5 pings a second), then server 1 dies.
  load = lab!.spawnInClient('ping', ['-n', '-i', '0.2', '-W', '1', one.tunnelIp]);
  const leaksBefore = await lab!.countLeaks();
  await lab!.blackhole(one);

  const toast = page.getByTestId('toast');
  await expect(toast).toContainText('Reconnected', { timeout: TOAST_TIMEOUT_MS });
  // Held on screen while the rest is checked (a toast goes away by itself after a few seconds).
  await toast.hover();
  const narrowToast = narrow.page.getByTestId('toast');
  await expect(narrowToast).toBeVisible();
  await narrowToast.hover();
  load.kill('SIGKILL');
  load = null;

  await expect(toast).toHaveCount(1);
  await expect(toast).toHaveAttribute('data-kind', 'resolved');
  // "Server 1 stopped answering; reconnected through Server 2 over WireGuard in 4.0 s." (the verb and the
  // time are the engine's to choose).
  await expect(toast.locator('.toast__body')).toHaveText(
    new RegExp(`^${literal(serverOne)} .+; reconnected through ${literal(serverTwo)} .+\\.$`),
  );

  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('stat-endpoint')).toContainText(`${two.underlayIp}:`);
  await expect(page.getByTestId('connection-profile')).toContainText(serverTwo);
  await saveScreenshot(page, 'lab-failover-toast-wide-light');
  await expect(narrowToast).toContainText(serverTwo);
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, 'lab-failover-toast-narrow-dark-zh');

  // Data flows through server 2, and nothing left the client in the clear while it moved.
  await loadBehindTunnel(page, two.pageUrl, two.pageText);
  expect((await lab!.countLeaks()) - leaksBefore, 'packets that left the client in the clear').toBe(0);

  // "What happened" opens the incident: how it was noticed, what was tried, where it landed, how long.
  await toast.getByRole('button', { name: 'What happened' }).click();
  const incident = page.getByTestId('incident');
  await expect(incident).toHaveCount(1);
  await expect(incident).toHaveAttribute('data-status', 'resolved');
  await expect(incident.locator('summary')).toBeFocused();
  await expect(incident.locator('summary')).toContainText(serverOne);
  await expect(incident.getByTestId('incident-status')).toContainText('Back in');
  await expect(incident.getByTestId('incident-steps')).toContainText(/Noticed after .+: .+/);
  await expect(incident.getByTestId('incident-steps')).toContainText(`Was on ${serverOne}`);
  await expect(incident.getByTestId('incident-round')).not.toHaveCount(0);
  const won = incident.locator('[data-testid="incident-attempt"][data-outcome="won"]');
  await expect(won).toHaveCount(1);
  await expect(won).toContainText(serverTwo);
  await expect(incident.getByTestId('incident-ending')).toContainText(`Connected through ${serverTwo}`);
  await expect(incident.getByTestId('incident-total')).toContainText('Total time without a working connection');
  await saveScreenshot(page, 'lab-failover-activity-wide-light');

  await narrow.page.getByTestId('nav-activity').click();
  await expect(narrow.page.getByTestId('incident')).toHaveCount(1);
  await expect(narrow.page.getByTestId('incident')).toHaveAttribute('data-status', 'resolved');
  await expect(narrow.page.getByTestId('incident-ending')).toContainText(serverTwo);
  await expectNoSidewaysScroll(narrow.page);
  await saveScreenshot(narrow.page, 'lab-failover-activity-narrow-dark-zh');

  // One incident, one notification: no storm, however long the checks above took.
  expect(notificationsSent()).toBe(1);
  await expect(page.getByTestId('toast')).toHaveCount(0);
  expect(problems).toEqual([]);
  expect(narrowProblems).toEqual([]);
  await narrow.context.close();
  await context.close();
});
