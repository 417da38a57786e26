import type { Page } from '@playwright/test';
import type { HoldfastCore } from '../../main/core/service/core';

/**
 * For the Content Security Policy specs: gives a page window.holdfast backed by a real core in the test process,
 * through Playwright bindings (which no page policy can block, so the page's own policy stays exactly as
 * shipped: no harness WebSocket added to connect-src), and records every CSP violation the page reports.
 */
export async function bridgeToCore(page: Page, core: Pick<HoldfastCore, 'dispatcher'>): Promise<void> {
  await page.exposeBinding('__holdfastInvoke', (_source, command: unknown, params: unknown) =>
    core.dispatcher.dispatch(command, params),
  );
  await page.addInitScript(() => {
    const w = window as unknown as {
      holdfast: unknown;
      __holdfastInvoke: (command: string, params?: unknown) => Promise<unknown>;
    };
    // Events are not needed to render the window; listeners are accepted and never called.
    w.holdfast = {
      invoke: (command: string, params?: unknown) => w.__holdfastInvoke(command, params),
      on: () => () => {},
    };
  });
}

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Listens for securitypolicyviolation from the first script on; read the list with `violations(page)`. */
export async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const list: { directive: string; blocked: string; sample: string }[] = [];
    (window as unknown as { __cspViolations: typeof list }).__cspViolations = list;
    document.addEventListener('securitypolicyviolation', (event) => {
      list.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
}

export function violations(page: Page): Promise<CspViolation[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: CspViolation[] }).__cspViolations ?? []);
}

/** The policy the page declares in its <meta http-equiv>. */
export function declaredPolicy(page: Page): Promise<string | null> {
  return page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
  );
}
