import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fleetListing } from '../../../renderer/src/test/fleet-fixture';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../browser/chromium';
import { summarize } from '../stats';
import { startFixturePage } from './fixture-page';

/** The in-page part as plain script text, so no compiler helper ends up in code the page runs. */
const IN_PAGE = readFileSync(path.join(import.meta.dirname, 'in-page.js'), 'utf8');

export const PICKER_BENCH_USAGE = `npm run bench:picker [-- options]
  The server picker in Chromium with the production renderer and its real store over a fixed listing.
  --servers N   how many servers (default 10000)
  --rounds N    rounds of the typed queries (default 3)
  --out FILE    also write the JSON there (default test-results/bench/picker.json)`;

/** Typed one character at a time: codes, names in both languages, a server name, and a miss. */
const QUERIES = ['tokyo', '东京', 'jp', 'japan', '日本', 'se-got-wg-01', 'new york', '纽约', 'relay-4', 'atlantis'];
const GOALS = { keystrokeP50Ms: 16, keystrokeP95Ms: 50, firstRenderMs: 300 };

async function heapUsedMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return Math.round((usedSize / 1024 / 1024) * 10) / 10;
}

async function openConnectionView(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('picker-open').waitFor();
  await page.evaluate(IN_PAGE);
  return page;
}

/** One page over `servers` servers: the heap with the picker open, and every timing when `timed`. */
async function measure(browser: Browser, rendererDir: string, servers: number, rounds: number, timed: boolean) {
  const fixture = await startFixturePage(rendererDir, fleetListing(servers));
  try {
    const page = await openConnectionView(browser, fixture.url);
    const openOnce = async () => (await page.evaluate('window.__pickerBench.measureFirstRender()')) as number;
    const close = async () => {
      await page.keyboard.press('Escape');
      await page.getByTestId('picker-dialog').waitFor({ state: 'detached' });
    };
    // Cold: Change pressed the moment the servers show, before the window had idle time to prepare.
    const cold = await openOnce();
    const firstRender: number[] = [];
    if (timed) {
      // Warm: as a person would, a second after the window shows (the index is made in idle time).
      await close();
      await page.reload();
      await page.getByTestId('picker-open').waitFor();
      await page.evaluate(IN_PAGE);
      await page.waitForTimeout(1500);
      for (let i = 0; i < 5; i += 1) {
        firstRender.push(await openOnce());
        if (i < 4) await close();
      }
    }
    const heap = await heapUsedMb(page);
    if (!timed) return { heap, cold };
    const queries = Array.from({ length: rounds }, () => QUERIES).flat();
    const typed = (await page.evaluate(`window.__pickerBench.measureKeystrokes(${JSON.stringify(queries)})`)) as {
      samples: number[];
      rows: number[];
    };
    await page.getByTestId('picker-search').fill('wg');
    const scroll = (await page.evaluate('window.__pickerBench.measureScroll(120, 900)')) as number[];
    await page.context().close();
    return { heap, cold, firstRender, typed, scroll };
  } finally {
    await fixture.close();
  }
}

export async function runPickerBench(argv: string[], root: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      servers: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '3' },
      out: { type: 'string', default: path.join(root, 'test-results/bench/picker.json') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(PICKER_BENCH_USAGE);
    return 0;
  }
  const servers = Number(values.servers);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(servers) || servers < 1 || !Number.isInteger(rounds) || rounds < 1) {
    console.error(`--servers and --rounds take whole numbers above 0\n${PICKER_BENCH_USAGE}`);
    return 2;
  }
  const rendererDir = path.join(root, 'out/renderer');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const empty = await measure(browser, rendererDir, 1, 1, false);
    const full = await measure(browser, rendererDir, servers, rounds, true);
    const keystroke = summarize(full.typed?.samples ?? []);
    const firstOpen = Math.round((full.firstRender?.[0] ?? 0) * 10) / 10;
    const coldOpen = Math.round(full.cold * 10) / 10;
    const result = {
      case: 'picker',
      servers,
      chromium: browser.version(),
      firstRenderMs: { cold: coldOpen, first: firstOpen, ...summarize(full.firstRender ?? []) },
      loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
      keystrokeToPaintMs: keystroke,
      rowsAfterEachQuery: Object.fromEntries(QUERIES.map((q, i) => [q, full.typed?.rows[i] ?? null])),
      scrollFrameMs: summarize(full.scroll ?? []),
      jsHeapMb: {
        withServers: full.heap,
        withOneServer: empty.heap,
        forTheFleet: Math.round((full.heap - empty.heap) * 10) / 10,
      },
      goals: GOALS,
      met: {
        keystrokeP50: keystroke.p50 !== null && keystroke.p50 <= GOALS.keystrokeP50Ms,
        keystrokeP95: keystroke.p95 !== null && keystroke.p95 <= GOALS.keystrokeP95Ms,
        firstRender: firstOpen <= GOALS.firstRenderMs,
      },
    };
    const text = JSON.stringify(result, null, 2);
    console.log(text);
    mkdirSync(path.dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${text}\n`);
    return 0;
  } finally {
    await browser.close();
  }
}
