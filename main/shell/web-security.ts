import { app, session, type WebContents } from 'electron';
import { contentSecurityPolicy, DEV_CSP_NONCE_ENV } from './csp';
import { isAllowedNetworkRequest, isAppUrl, type RendererOrigin } from './renderer-origin';

/**
 * Hardening that applies to every page the app could ever show, not just the main window: no new
 * windows, no navigation away from our pages, no <webview>, no permissions, no network, and a strict
 * Content Security Policy. A VPN client's UI has no reason to browse.
 */

export function guardWebContents(origin: RendererOrigin, log: (message: string) => void): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log(`Blocked a new window for ${describeUrl(url)}`);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      log('Blocked a <webview>');
    });
    // Covers the main frame and subframes; programmatic loads (loadFile/loadURL) do not pass through here.
    contents.on('will-frame-navigate', (event) => {
      if (isAppUrl(event.url, origin)) return;
      event.preventDefault();
      log(`Blocked navigation to ${describeUrl(event.url)}`);
    });
    contents.on('will-redirect', (event) => {
      if (isAppUrl(event.url, origin)) return;
      event.preventDefault();
      log(`Blocked a redirect to ${describeUrl(event.url)}`);
    });
  });
}

/** Call after `ready`: permissions, the CSP header on http responses (dev), and the network filter. */
export function hardenDefaultSession(origin: RendererOrigin, log: (message: string) => void): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`Denied a permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  // The dev server's nonce comes from the vite plugin (csp-plugin.ts) in the process that started this one.
  const devNonce = process.env[DEV_CSP_NONCE_ENV];
  const policy =
    origin.kind === 'dev' && devNonce
      ? contentSecurityPolicy('development', { nonce: devNonce })
      : contentSecurityPolicy('production');
  ses.webRequest.onHeadersReceived({ urls: ['http://*/*', 'https://*/*'] }, (details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });

  ses.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
    (details, callback) => {
      const allowed = isAllowedNetworkRequest(details.url, origin);
      if (!allowed) log(`Blocked a network request to ${describeUrl(details.url)}`);
      callback({ cancel: !allowed });
    },
  );
}

/** Origin only: paths and queries of blocked URLs may carry things that do not belong in a log. */
function describeUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return url.protocol === 'file:' ? 'a local file' : url.origin === 'null' ? url.protocol : url.origin;
  } catch {
    return 'an invalid address';
  }
}
