import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  devRendererOrigin,
  fileRendererOrigin,
  isAllowedNetworkRequest,
  isAppUrl,
  isTrustedSender,
} from './renderer-origin';

const rendererDir = path.resolve('/opt/Holdfast/resources/app.asar/out/renderer');
const fileOrigin = fileRendererOrigin(path.join(rendererDir, 'index.html'));
const indexUrl = pathToFileURL(path.join(rendererDir, 'index.html')).href;

describe('isAppUrl (packaged files)', () => {
  it('accepts the renderer page and files below it, with query and hash', () => {
    expect(isAppUrl(indexUrl, fileOrigin)).toBe(true);
    expect(isAppUrl(`${indexUrl}#/settings?x=1`, fileOrigin)).toBe(true);
    expect(isAppUrl(pathToFileURL(path.join(rendererDir, 'assets', 'a.js')).href, fileOrigin)).toBe(true);
  });

  it('refuses files beside or above the renderer folder, however the path is spelled', () => {
    const outside = [
      pathToFileURL(path.resolve(rendererDir, '..', 'main', 'index.js')).href,
      `${pathToFileURL(rendererDir).href}/../evil.html`,
      `${pathToFileURL(rendererDir).href}/%2e%2e/evil.html`,
      `${pathToFileURL(rendererDir).href}-evil/index.html`,
      'file:///etc/passwd',
      `file://attacker${rendererDir}/index.html`,
    ];
    for (const url of outside) expect(isAppUrl(url, fileOrigin), url).toBe(false);
  });

  it('refuses other schemes and nonsense', () => {
    for (const url of [
      'https://example.com/',
      'about:blank',
      'data:text/html,hi',
      'javascript:1',
      '',
      'not a url',
      null,
    ]) {
      expect(isAppUrl(url, fileOrigin), String(url)).toBe(false);
    }
  });
});

describe('isAppUrl (dev server)', () => {
  const dev = devRendererOrigin('http://localhost:5173/');

  it('accepts pages of the dev server and nothing on another port, host or scheme', () => {
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173@evil.example/', dev)).toBe(false);
    expect(isAppUrl(indexUrl, dev)).toBe(false);
  });

  it('refuses a dev server that is not on loopback', () => {
    expect(() => devRendererOrigin('http://192.0.2.10:5173/')).toThrow(/loopback/);
    expect(() => devRendererOrigin('file:///tmp/index.html')).toThrow(/loopback/);
    expect(devRendererOrigin('http://127.0.0.1:5173')).toEqual({ kind: 'dev', origin: 'http://127.0.0.1:5173' });
  });
});

describe('isTrustedSender', () => {
  const trusted = { webContentsIds: new Set([7]), origin: fileOrigin };

  it('trusts our window showing our page', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: indexUrl }, trusted)).toBe(true);
  });

  it('refuses other web contents even when they show our page', () => {
    expect(isTrustedSender({ webContentsId: 8, frameUrl: indexUrl }, trusted)).toBe(false);
  });

  it('refuses our window when the frame is gone or shows something else', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: null }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://example.com/' }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'about:blank' }, trusted)).toBe(false);
  });
});

describe('isAllowedNetworkRequest', () => {
  it('allows no network request from a packaged renderer', () => {
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'ws://localhost:5173/']) {
      expect(isAllowedNetworkRequest(url, fileOrigin), url).toBe(false);
    }
  });

  it('allows only the dev server, over http and its hot-reload WebSocket', () => {
    const dev = devRendererOrigin('http://localhost:5173');
    expect(isAllowedNetworkRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedNetworkRequest('ws://localhost:5173/?token=x', dev)).toBe(true);
    expect(isAllowedNetworkRequest('wss://localhost:5173/', dev)).toBe(false);
    expect(isAllowedNetworkRequest('http://localhost:8080/', dev)).toBe(false);
    expect(isAllowedNetworkRequest('https://fonts.example/', dev)).toBe(false);
  });
});
