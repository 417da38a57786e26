import type { Locator, Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Collects console errors and CSP violations, which must stay empty for the bundle to be shippable. */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

/**
 * Saves a full-page screenshot under test-results/screenshots/ and returns its path. `fullPage: false`
 * keeps to the window, as a person sees it with a dialog open.
 */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/** Saves a screenshot of one element (a card, a dialog) under test-results/screenshots/ and returns its path. */
export async function saveElementScreenshot(locator: Locator, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await locator.screenshot({ path: file });
  return file;
}
