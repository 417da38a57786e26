import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** Shared steps of the scripted-tunnel specs (no root, no lab: see e2e/harness/fake-tunnels.ts). */
export type Look = { width: number; height: number; colorScheme: 'light' | 'dark'; locale: 'en-US' | 'zh-CN' };

export const WIDE_LIGHT: Look = { width: 1280, height: 800, colorScheme: 'light', locale: 'en-US' };
export const WIDE_DARK: Look = { width: 1280, height: 800, colorScheme: 'dark', locale: 'en-US' };
export const NARROW_DARK_ZH: Look = { width: 360, height: 760, colorScheme: 'dark', locale: 'zh-CN' };
export const NARROW_LIGHT_ZH: Look = { width: 360, height: 760, colorScheme: 'light', locale: 'zh-CN' };

export async function openPage(
  browser: Browser,
  url: string,
  look: Look,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: look.width, height: look.height },
    colorScheme: look.colorScheme,
    locale: look.locale,
  });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', /.+/);
  return { context, page };
}

export async function importProfile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('nav-servers').click();
  await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import-result').filter({ hasText: name })).toHaveAttribute('data-status', 'imported');
}

/** A narrow window must never scroll sideways. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
