/**
 * The Content Security Policy of the app's pages. The renderer needs nothing from the network: it talks
 * to main only through window.holdfast, and flags, fonts and icons are local files. So everything
 * defaults to 'none' and only the app's own scripts, styles and images are allowed.
 *
 * Production pages come from file://, where there are no response headers: there the policy is the
 * <meta http-equiv> in renderer/index.html, which must not be looser than this one. The shell also sets it
 * as a header on http(s) responses, which covers the dev server. The browser test harness can serve the
 * production policy as a header too, so that a violation shows up in the browser tests.
 */
export type CspMode = 'production' | 'development';

export function contentSecurityPolicy(mode: CspMode, devOrigin?: string): string {
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
    // The dev server injects an inline React Refresh preamble and <style> tags, and talks to the page over
    // a WebSocket for hot reload. None of this exists in a production build.
    directives['script-src'] = ["'self'", "'unsafe-inline'"];
    directives['style-src'] = ["'self'", "'unsafe-inline'"];
    const ws = devOrigin ? devOrigin.replace(/^http/, 'ws') : null;
    directives['connect-src'] = ["'self'", ...(ws ? [ws] : [])];
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
