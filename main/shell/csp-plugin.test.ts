import type { HtmlTagDescriptor, IndexHtmlTransformHook, Plugin, UserConfig } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, DEV_CSP_NONCE_ENV } from './csp';
import { contentSecurityPolicyPlugin } from './csp-plugin';

type ConfigHook = (config: UserConfig, env: { command: 'serve' | 'build'; mode: string }) => UserConfig | undefined;

function run(plugin: Plugin, command: 'serve' | 'build', html = '<html><head></head></html>') {
  const config = (plugin.config as ConfigHook)(
    {},
    { command, mode: command === 'serve' ? 'development' : 'production' },
  );
  const hook = plugin.transformIndexHtml as { handler: IndexHtmlTransformHook };
  const tags = hook.handler.call({} as never, html, {
    path: '/index.html',
    filename: 'index.html',
  }) as HtmlTagDescriptor[];
  return { config, tags };
}

const saved = process.env[DEV_CSP_NONCE_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[DEV_CSP_NONCE_ENV];
  else process.env[DEV_CSP_NONCE_ENV] = saved;
});

describe('contentSecurityPolicyPlugin', () => {
  it('puts the production policy from csp.ts into a built page, first in <head>', () => {
    const { config, tags } = run(contentSecurityPolicyPlugin(), 'build');
    expect(config).toBeUndefined();
    expect(tags).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy('production') },
        injectTo: 'head-prepend',
      },
    ]);
  });

  it('on the dev server uses a fresh nonce for vite, the page and the Electron process alike', () => {
    const first = run(contentSecurityPolicyPlugin(), 'serve');
    const nonce = first.config?.html?.cspNonce;
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(process.env[DEV_CSP_NONCE_ENV]).toBe(nonce);
    expect(first.tags[0]?.attrs?.content).toBe(contentSecurityPolicy('development', { nonce: nonce! }));
    const second = run(contentSecurityPolicyPlugin(), 'serve');
    expect(second.config?.html?.cspNonce).not.toBe(nonce);
  });

  it('refuses an index.html that carries a policy of its own', () => {
    const html = '<head><meta http-equiv="Content-Security-Policy" content="default-src *"></head>';
    expect(() => run(contentSecurityPolicyPlugin(), 'build', html)).toThrow(/csp\.ts is the source/);
  });
});
