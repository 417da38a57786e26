/**
 * The Content Security Policy of the app's pages: the one place it is written. The renderer needs nothing from
 * the network: it talks to main only through window.holdfast, and flags, fonts and icons are local files. So
 * everything defaults to 'none' and only the app's own scripts, styles and images are allowed.
 *
 * Two ways it reaches a page, both from this module:
 * - renderer/index.html gets it as a <meta http-equiv> from the vite plugin in csp-plugin.ts (production pages
 *   come from file://, where there are no response headers, so this is the policy of the packaged app);
 * - the shell sets it as a response header on http(s) pages (web-security.ts), which covers the dev server.
 *
 * Development adds exactly what the dev server needs: its inline React Refresh preamble and the <style> tags it
 * injects, both marked with a nonce made fresh for each dev server start (never 'unsafe-inline'), and
 * connections to itself for hot reload ('self' covers its WebSocket: same host and port, ws scheme).
 */
export type CspMode = 'production' | 'development';

/** Where the dev server's nonce travels from the vite plugin to the Electron process it starts. */
export const DEV_CSP_NONCE_ENV = 'HOLDFAST_DEV_CSP_NONCE';

export function contentSecurityPolicy(mode: 'production'): string;
export function contentSecurityPolicy(mode: 'development', dev: { nonce: string }): string;
export function contentSecurityPolicy(mode: CspMode, dev?: { nonce: string }): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    // data: covers the small images and fonts the bundler inlines.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'none'"],
  };
  if (mode === 'development') {
    const nonce = dev?.nonce ?? '';
    if (!/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(nonce)) throw new Error('the development policy needs a random nonce');
    directives['script-src'] = ["'self'", `'nonce-${nonce}'`];
    directives['style-src'] = ["'self'", `'nonce-${nonce}'`];
    directives['connect-src'] = ["'self'"];
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
