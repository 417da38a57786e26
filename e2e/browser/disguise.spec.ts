import { expect, test, type Browser } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CandidateView } from '../../main/core/connection/failover/types';
import type { DisguisedRoute } from '../../main/core/events';
import { resolvedIncident } from '../../renderer/src/test/incident-fixtures';
import { reportDisguise } from './disguise-wire';
import { startHarnessProcess, type HarnessProcess } from './harness-process';
import { openvpnProfile } from './openvpn-fixture';
import { saveScreenshot, watchPageProblems } from './page-checks';
import {
  expectNoSidewaysScroll,
  importProfile,
  NARROW_DARK_ZH,
  NARROW_LIGHT_ZH,
  WIDE_DARK,
  WIDE_LIGHT,
  type Look,
} from './scripted-tunnels';

// A disguised connection as the window shows it: the real engine with scripted tunnels (no root, no lab), and
// the disguise the engine will report added on the wire (disguise-wire.ts). Pairwise, the four windows cover
// light and dark, wide and narrow, English and Simplified Chinese.
test.describe.configure({ mode: 'serial' });

const shadowsocks = { id: 'd-ss', kind: 'shadowsocks', detail: 'aes-256-gcm', server: '203.0.113.5:8388' } as const;
const tls = { id: 'd-tls', kind: 'tls', detail: 'www.example.org', server: '203.0.113.6:443' } as const;
const obfs4 = { id: 'd-o4', kind: 'obfs4', detail: 'iat-mode=0', server: '203.0.113.7:9443' } as const;

interface Window {
  name: string;
  look: Look;
  route: DisguisedRoute;
  line: string;
  reason: string;
}

const NARROW_DARK_EN: Look = { ...NARROW_DARK_ZH, locale: 'en-US' };
const WIDE_DARK_ZH: Look = { ...WIDE_DARK, locale: 'zh-CN' };

const WINDOWS: Window[] = [
  {
    name: 'wide-light-en',
    look: WIDE_LIGHT,
    route: { disguise: shadowsocks, why: 'blocked' },
    line: 'Hidden inside Shadowsocks (aes-256-gcm)',
    reason: 'This network blocks VPN protocols; connected through a disguised route (Shadowsocks).',
  },
  {
    name: 'wide-dark-zh',
    look: WIDE_DARK_ZH,
    route: { disguise: tls, why: 'remembered' },
    line: '隐藏在 TLS 中（服务器名称 www.example.org）',
    reason: '此网络之前需要伪装；已通过伪装线路（TLS）连接。',
  },
  {
    name: 'narrow-dark-en',
    look: NARROW_DARK_EN,
    route: { disguise: obfs4, why: 'always' },
    line: 'Hidden inside obfs4 (iat-mode=0)',
    reason: 'Connected through a disguised route (obfs4), as set in Settings.',
  },
  {
    name: 'narrow-light-zh',
    look: NARROW_LIGHT_ZH,
    route: { disguise: shadowsocks, why: 'blocked' },
    line: '隐藏在 Shadowsocks 中（aes-256-gcm）',
    reason: '此网络屏蔽 VPN 协议；已通过伪装线路（Shadowsocks）连接。',
  },
];

/** Disguised candidates in the timeline: their labels run long and must wrap in a narrow window. */
const candidate = (serverName: string, transportLabel: string, port: number): CandidateView => ({
  profileId: serverName,
  endpointIndex: 0,
  serverKey: serverName,
  transport: { protocol: 'openvpn', proto: 'tcp', port },
  serverName,
  country: 'DE',
  transportLabel,
});
const FRANKFURT = candidate('Frankfurt am Main 12', 'UDP 1194', 1194);
const FRANKFURT_SS = candidate('Frankfurt am Main 12', 'Shadowsocks · WireGuard', 8388);
const FRANKFURT_TLS = candidate('Frankfurt am Main 12', 'TLS · TCP 443', 443);
const INCIDENT = resolvedIncident({
  from: FRANKFURT,
  attempts: [
    { candidate: FRANKFURT, outcome: 'lost', reason: 'no answer through the tunnel for 2.0 s', ms: 2000, round: 0 },
    {
      candidate: FRANKFURT_TLS,
      outcome: 'failed',
      reason: 'TLS handshake failed: connection reset',
      ms: 900,
      round: 1,
    },
    { candidate: FRANKFURT_SS, outcome: 'won', reason: 'carried data', ms: 800, round: 1 },
    { candidate: FRANKFURT_SS, outcome: 'landed', reason: 'data flows', ms: 800, round: 1 },
  ],
  landedOn: FRANKFURT_SS,
});

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

async function open(browser: Browser, window: Window) {
  const context = await browser.newContext({
    viewport: { width: window.look.width, height: window.look.height },
    colorScheme: window.look.colorScheme,
    locale: window.look.locale,
  });
  await reportDisguise(context, window.route, { incidents: [INCIDENT] });
  const page = await context.newPage();
  const problems = watchPageProblems(page);
  await page.goto(harness.url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', /.+/);
  return { context, page, problems };
}

test('a disguised connection says its disguise apart from the rating, and why it was used', async ({ browser }) => {
  const [first, ...others] = WINDOWS;
  const main = await open(browser, first!);
  await importProfile(main.page, 'amsterdam.ovpn', openvpnProfile({ ciphers: 'modern' }));
  await main.page.getByTestId('nav-connection').click();
  await main.page.getByTestId('connect-button').click();
  await expect(main.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');

  for (const window of [first!, ...others]) {
    const { context, page, problems } = window === first ? main : await open(browser, window);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('route-note')).toHaveText(window.reason);
    await expect(page.getByTestId('strength-disguise-line')).toHaveText(window.line);
    // The rating is the tunnel's own, as without a disguise.
    await expect(page.getByTestId('strength-badge')).toHaveText(
      window.look.locale === 'zh-CN' ? '256 位 AES-GCM · 强' : '256-bit AES-GCM · Strong',
    );
    await expectNoSidewaysScroll(page);
    await saveScreenshot(page, `disguise-connection-${window.name}`);

    await page.getByTestId('nav-activity').click();
    await expect(page.getByTestId('incident-attempt').filter({ hasText: 'Shadowsocks · WireGuard' })).toHaveCount(1);
    await expectNoSidewaysScroll(page);
    if (window.look.width < 600) await saveScreenshot(page, `disguise-activity-${window.name}`);
    expect(problems).toEqual([]);
    if (window !== first) await context.close();
  }

  await main.page.getByTestId('nav-connection').click();
  await main.page.getByTestId('connect-button').click();
  await expect(main.page.getByTestId('connection-state')).toHaveAttribute('data-state', 'disconnected');
  await expect(main.page.getByTestId('route-note')).toHaveCount(0);
  await expect(main.page.getByTestId('strength-disguise')).toHaveCount(0);
  await main.context.close();
});
