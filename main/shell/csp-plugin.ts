import { randomBytes } from 'node:crypto';
import type { Plugin } from 'vite';
import { contentSecurityPolicy, DEV_CSP_NONCE_ENV } from './csp';

/**
 * Puts the policy from csp.ts into the renderer's index.html as a <meta http-equiv>, so the page has no copy of
 * its own to drift: the production policy in a build, the development one on the dev server. For the dev server
 * it also makes the nonce (fresh per start), has vite mark its inline scripts and styles with it
 * (html.cspNonce), and leaves it in the environment for the Electron process electron-vite starts, whose shell
 * sends the same policy as a header.
 */
export function contentSecurityPolicyPlugin(): Plugin {
  let nonce: string | undefined;
  return {
    name: 'holdfast:content-security-policy',
    config(_config, { command }) {
      if (command !== 'serve') return;
      nonce = randomBytes(18).toString('base64');
      process.env[DEV_CSP_NONCE_ENV] = nonce;
      return { html: { cspNonce: nonce } };
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (/http-equiv=["']Content-Security-Policy/i.test(html)) {
          throw new Error('renderer/index.html must not carry its own Content-Security-Policy (csp.ts is the source)');
        }
        const content = nonce ? contentSecurityPolicy('development', { nonce }) : contentSecurityPolicy('production');
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content }, injectTo: 'head-prepend' }];
      },
    },
  };
}
