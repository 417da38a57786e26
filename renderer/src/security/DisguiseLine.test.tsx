import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DisguiseInUse } from '../../../main/core/disguise/disguised-route';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { FakeHoldfast, snapshot } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { expectedOf, securityEvent, STRONG_OPENVPN, WEAK_OPENVPN } from '../test/security-fixtures';
import { ConnectionView } from '../views/ConnectionView';

afterEach(cleanup);

const amsterdam: ProfileSummary = {
  id: 'p-ams',
  name: 'Amsterdam',
  kind: 'openvpn',
  sourceFile: 'p-ams.ovpn',
  importedAt: '2030-01-01T00:00:00.000Z',
  endpoints: ['198.51.100.7:1194/udp'],
  warnings: [],
  expected: expectedOf(STRONG_OPENVPN),
};

const SHADOWSOCKS: DisguiseInUse = {
  id: 'd-ss',
  kind: 'shadowsocks',
  detail: 'aes-256-gcm',
  server: '203.0.113.5:8388',
};
const TLS: DisguiseInUse = { id: 'd-tls', kind: 'tls', detail: 'www.example.org', server: '203.0.113.6:443' };
const OBFS4: DisguiseInUse = { id: 'd-o4', kind: 'obfs4', detail: 'iat-mode=0', server: '203.0.113.7:9443' };

/** The connection view while Amsterdam is up, with the engine's security event (disguised or not). */
async function connectedWith(
  disguise: DisguiseInUse | undefined,
  security = STRONG_OPENVPN,
  language: 'en' | 'zh-CN' = 'en',
) {
  const api = new FakeHoldfast()
    .respond('profiles.list', [amsterdam])
    .respond(
      'connection.snapshot',
      snapshot({ state: 'connected', profileId: 'p-ams', profileName: 'Amsterdam', since: '2030-01-01T00:00:01.000Z' }),
    );
  const rendered = await renderWithStore(<ConnectionView />, { api, language });
  act(() => api.emit({ ...securityEvent(security, 'p-ams'), ...(disguise ? { disguise } : {}) }));
  return rendered;
}

const line = () => screen.getByTestId('strength-disguise-line').textContent;
const NOTE = 'The disguise hides that this is a VPN; it does not make the encryption stronger.';

describe('the disguise in the strength panel', () => {
  it('says which disguise hides the tunnel, below its encryption, and that it adds no strength', async () => {
    await connectedWith(SHADOWSOCKS);
    expect(line()).toBe('Hidden inside Shadowsocks (aes-256-gcm)');
    const block = screen.getByTestId('strength-disguise');
    expect(block.dataset.kind).toBe('shadowsocks');
    expect(block.textContent).toContain(NOTE);
    // Its own line after the tunnel's parts, not one of the rated parts.
    const parts = screen.getByTestId('strength-parts');
    expect(parts.contains(block)).toBe(false);
    expect(parts.compareDocumentPosition(block) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('names the TLS server name and the obfs4 mode', async () => {
    const { api } = await connectedWith(TLS);
    expect(line()).toBe('Hidden inside TLS (server name www.example.org)');
    act(() => api.emit({ ...securityEvent(STRONG_OPENVPN, 'p-ams', '2030-01-01T00:00:03.000Z'), disguise: OBFS4 }));
    expect(line()).toBe('Hidden inside obfs4 (iat-mode=0)');
  });

  it('leaves the rating and its explanation exactly as the tunnel’s own', async () => {
    for (const security of [STRONG_OPENVPN, WEAK_OPENVPN]) {
      const plain = await connectedWith(undefined, security);
      expect(screen.queryByTestId('strength-disguise')).toBeNull();
      const badge = screen.getByTestId('strength-badge').outerHTML;
      const panelBadge = screen.getByTestId('strength-panel-badge').outerHTML;
      const level = screen.getByTestId('strength-level').textContent;
      const parts = screen.getByTestId('strength-parts').innerHTML;
      const reasons = screen.getByTestId('strength-reasons').innerHTML;
      plain.unmount();
      cleanup();

      await connectedWith(SHADOWSOCKS, security);
      expect(screen.getByTestId('strength-badge').outerHTML).toBe(badge);
      expect(screen.getByTestId('strength-panel-badge').outerHTML).toBe(panelBadge);
      expect(screen.getByTestId('strength-level').textContent).toBe(level);
      expect(screen.getByTestId('strength-parts').innerHTML).toBe(parts);
      expect(screen.getByTestId('strength-reasons').innerHTML).toBe(reasons);
      cleanup();
    }
  });

  it('speaks Simplified Chinese', async () => {
    await connectedWith(TLS, STRONG_OPENVPN, 'zh-CN');
    expect(line()).toBe('隐藏在 TLS 中（服务器名称 www.example.org）');
    expect(screen.getByTestId('strength-disguise').textContent).toContain(
      '伪装能隐藏这是 VPN 连接，但不会让加密更强。',
    );
  });

  it('goes away with the connection', async () => {
    const { api } = await connectedWith(SHADOWSOCKS);
    act(() =>
      api.emit({ type: 'state', at: '2030-01-01T00:01:00.000Z', state: 'disconnected', profile: null, reason: 'done' }),
    );
    expect(screen.queryByTestId('strength-disguise')).toBeNull();
  });
});
