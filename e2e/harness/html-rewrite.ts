/**
 * Turns the production index.html into the harness page: the bridge script goes right before the app's
 * module script (a classic script runs first, so window.holdfast exists when the app boots), and the CSP's
 * connect-src gains exactly the harness's WebSocket origin. Nothing else in the policy changes.
 */
export const BRIDGE_PATH = '/__holdfast/bridge.js';
export const SOCKET_PATH = '/__holdfast/ws';

export function rewriteIndexHtml(html: string, wsOrigin: string): string {
  const moduleScript = /<script\s+type="module"/;
  if (!moduleScript.test(html)) throw new Error('index.html has no module script to put the bridge before');
  const csp = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/;
  const match = csp.exec(html);
  if (!match) throw new Error('index.html has no Content-Security-Policy meta tag');
  // The build writes the attribute with HTML entities (&#39; for each quote); work on the policy itself.
  const policy = (match[2] ?? '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  if (!/connect-src [^;]*/.test(policy)) throw new Error('the Content-Security-Policy has no connect-src');
  const rewritten = policy.replace(
    /connect-src ([^;]*)/,
    // 'none' must stand alone in a source list (a browser ignores it, with a warning, beside an origin).
    (_all, sources: string) =>
      `connect-src ${sources
        .trim()
        .split(/\s+/)
        .filter((s) => s !== "'none'")
        .concat(wsOrigin)
        .join(' ')}`,
  );
  return html
    .replace(csp, (_all, start: string, _policy: string, end: string) => `${start}${rewritten}${end}`)
    .replace(moduleScript, (tag) => `<script src="${BRIDGE_PATH}"></script>\n    ${tag}`);
}
