import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../../main/core/connection/state';
import { FakeHoldfast, snapshot } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { ConnectionCard } from './ConnectionCard';

afterEach(cleanup);

const live = (check: LiveStatus['check']): LiveStatus => ({
  interfaceName: 'hf0',
  tunnelAddresses: ['10.66.66.2/32'],
  rxBytes: 1024,
  txBytes: 512,
  uptimeMs: 60_000,
  ...(check ? { check } : {}),
});

async function showConnected(check: LiveStatus['check'], language: 'en' | 'zh-CN' = 'en') {
  const api = new FakeHoldfast().respond(
    'connection.snapshot',
    snapshot({ state: 'connected', profileId: 'p-home', profileName: 'Home', live: live(check) }),
  );
  await renderWithStore(<ConnectionCard />, { api, language });
  return screen.queryByTestId('stat-check');
}

describe('how the connection card says the tunnel is checked', () => {
  it('names the answer that verified data, in English and Chinese', async () => {
    const check = {
      strength: 'data-verified' as const,
      evidence: { kind: 'dns-answer' as const, address: '10.66.66.1', role: 'tunnel-dns' as const },
    };
    const en = await showConnected(check);
    expect(en?.textContent).toBe("Data verified: a DNS answer from 10.66.66.1 (the tunnel's DNS server)");
    expect(en?.getAttribute('data-strength')).toBe('data-verified');
    cleanup();
    const zh = await showConnected(check, 'zh-CN');
    expect(zh?.textContent).toBe('数据已验证：收到来自 10.66.66.1（隧道的 DNS 服务器）的 DNS 应答');
  });

  it('says "handshake only" honestly when nothing behind the server answers', async () => {
    const stat = await showConnected({ strength: 'handshake-only' });
    expect(stat?.textContent).toBe('Handshake only: nothing behind the server answers checks');
    expect(stat?.getAttribute('data-strength')).toBe('handshake-only');
  });

  it('shows no check line for a tunnel that reports none', async () => {
    expect(await showConnected(undefined)).toBeNull();
  });
});
