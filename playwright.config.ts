import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/browser/chromium';

/**
 * Browser journeys run the production renderer against the real core through the harness
 * (e2e/harness). One worker: the journeys share the machine's network lab and its two cores.
 */
export default defineConfig({
  outputDir: 'test-results/',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // npm test reads the JSON report to count tests; the list reporter is for people.
  reporter: process.env.HOLDFAST_PLAYWRIGHT_JSON
    ? [['list'], ['json', { outputFile: process.env.HOLDFAST_PLAYWRIGHT_JSON }]]
    : [['list']],
  globalSetup: './e2e/browser/global-setup.ts',
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
        viewport: { width: 1280, height: 800 },
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
    {
      // The real app through Playwright's _electron (run with `npm run test:electron`). The specs skip with
      // a printed reason where the Electron binary, a display or the network lab is missing.
      name: 'electron',
      testDir: 'e2e/electron',
      timeout: 180_000,
    },
  ],
});
