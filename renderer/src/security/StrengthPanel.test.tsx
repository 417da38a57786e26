import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { ConnectionView } from '../views/ConnectionView';
import { ProfilesCard } from '../profiles/ProfilesCard';
import { FakeHoldfast, snapshot } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { expectedOf, securityEvent, STRONG_OPENVPN, WEAK_OPENVPN } from '../test/security-fixtures';

afterEach(cleanup);

const profile = (id: string, name: string, patch: Partial<ProfileSummary> = {}): ProfileSummary => ({
  id,
  name,
  kind: 'openvpn',
  sourceFile: `${id}.ovpn`,
  importedAt: '2030-01-01T00:00:00.000Z',
  endpoints: ['198.51.100.7:1194/udp'],
  warnings: [],
  ...patch,
});

const amsterdam = profile('p-ams', 'Amsterdam', { expected: expectedOf(STRONG_OPENVPN) });
const legacy = profile('p-old', 'Old office', { expected: expectedOf(WEAK_OPENVPN) });

/** Renders the connection view while `id` is connecting, then lets the engine report its security. */
async function negotiated(security: typeof STRONG_OPENVPN, language: 'en' | 'zh-CN' = 'en') {
  const api = new FakeHoldfast().respond('profiles.list', [amsterdam, legacy]).respond(
    'connection.snapshot',
    snapshot({
      state: 'connecting',
      profileId: 'p-ams',
      profileName: 'Amsterdam',
      since: '2030-01-01T00:00:01.000Z',
    }),
  );
  const rendered = await renderWithStore(<ConnectionView />, { api, language });
  act(() => api.emit(securityEvent(security, 'p-ams')));
  return rendered;
}

const badge = () => screen.getByTestId('strength-badge');
const part = (id: string) => screen.getByTestId(`part-${id}`);

describe('strength badge and explanation panel', () => {
  it('shows a strong connection with its key size first and what limits the security level', async () => {
    await negotiated(STRONG_OPENVPN);
    expect(badge().textContent).toBe('256-bit AES-GCM · Strong');
    expect(badge().className).toContain('badge--good');
    expect(badge().querySelector('[data-rating="strong"]')).not.toBeNull();
    expect(screen.getByTestId('strength-summary-level').textContent).toBe(
      '256-bit key · about 128-bit security, limited by the P-256 certificate',
    );

    const panel = screen.getByTestId('strength-panel');
    expect(panel.dataset.source).toBe('negotiated');
    expect(screen.getByTestId('strength-key-bits').textContent).toBe('256-bit key');
    expect(part('data').textContent).toContain('AES-GCM, 256-bit key');
    expect(part('control').textContent).toContain('TLSv1.3 TLS_AES_256_GCM_SHA384');
    // The certificate is the weakest link, and only it is marked so.
    expect(part('handshake').textContent).toContain('P-256 server certificate');
    expect(part('handshake').textContent).toContain('weakest link');
    expect(part('handshake').textContent).toContain('about 128-bit security');
    expect(panel.querySelectorAll('[data-weakest]')).toHaveLength(1);
    expect(panel.textContent).toContain('tls-crypt: hidden and authenticated');
    const reasons = within(screen.getByTestId('strength-reasons')).getAllByRole('listitem');
    expect(reasons.map((r) => r.dataset.reasonCode)).toContain('limited-by');
    expect(reasons.every((r) => r.dataset.impact === 'info')).toBe(true);
  });

  it('shows a weak connection in words and shape, not colour alone, with the worst reasons first', async () => {
    await negotiated(WEAK_OPENVPN);
    expect(badge().textContent).toBe('128-bit BF-CBC · Insecure');
    expect(badge().className).toContain('badge--bad');
    expect(badge().querySelector('svg')).not.toBeNull();
    expect(screen.getByTestId('strength-summary-level').textContent).toBe(
      '128-bit key · about 64-bit security, limited by the BF-CBC data cipher',
    );
    expect(part('data').dataset.weakest).toBe('true');
    expect(part('data').textContent).toContain('about 64-bit security');
    expect(screen.queryByTestId('part-handshake')).toBeNull();
    expect(screen.getByTestId('strength-panel').textContent).toContain('None');

    const reasons = within(screen.getByTestId('strength-reasons')).getAllByRole('listitem');
    const impacts = reasons.map((r) => r.dataset.impact);
    expect(impacts[0]).toBe('insecure');
    expect(impacts.indexOf('info')).toBeGreaterThan(impacts.lastIndexOf('insecure'));
    const sweet32 = reasons.find((r) => r.dataset.reasonCode === 'sweet32')!;
    expect(sweet32.textContent).toContain('BF-CBC works on 64-bit blocks');
    // Screen readers hear what a reason does to the rating, since the icon is decorative.
    expect(sweet32.textContent).toContain('Lowers the rating to Insecure:');
  });

  it('marks the rating expected before connecting and replaces it with what was negotiated', async () => {
    const api = new FakeHoldfast().respond('profiles.list', [amsterdam]);
    await renderWithStore(<ConnectionView />, { api });
    expect(badge().textContent).toBe('256-bit AES-GCM · Strong · expected');
    expect(screen.getByTestId('strength-panel').dataset.source).toBe('expected');
    expect(screen.getByTestId('strength-panel').textContent).toContain('Expected with Amsterdam, before connecting');
    expect(part('control').textContent).toContain('Known once connected');

    api.respond(
      'connection.connect',
      snapshot({
        state: 'connecting',
        profileId: 'p-ams',
        profileName: 'Amsterdam',
        since: '2030-01-01T00:00:01.000Z',
      }),
    );
    await act(async () => screen.getByTestId('connect-button').click());
    act(() => api.emit(securityEvent(STRONG_OPENVPN, 'p-ams')));
    expect(badge().textContent).toBe('256-bit AES-GCM · Strong');
    expect(screen.getByTestId('strength-panel').dataset.source).toBe('negotiated');
  });

  it('puts the expected strength beside each profile, and the negotiated one beside the connected profile', async () => {
    const api = new FakeHoldfast().respond('profiles.list', [amsterdam, legacy]).respond(
      'connection.snapshot',
      snapshot({
        state: 'connected',
        profileId: 'p-old',
        profileName: 'Old office',
        since: '2030-01-01T00:00:01.000Z',
      }),
    );
    await renderWithStore(<ProfilesCard />, { api });
    const rows = screen.getAllByTestId('profile-row');
    const strengthOf = (row: HTMLElement) => within(row).getByTestId('profile-strength').textContent;
    expect(strengthOf(rows[0]!)).toBe('256-bit AES-GCM · Strong · expected');
    expect(strengthOf(rows[1]!)).toBe('128-bit BF-CBC · Insecure · expected');
    act(() => api.emit(securityEvent(WEAK_OPENVPN, 'p-old')));
    expect(strengthOf(rows[1]!)).toBe('128-bit BF-CBC · Insecure');
    expect(strengthOf(rows[0]!)).toContain('expected');
  });

  it('speaks Simplified Chinese by reason code and falls back to the engine sentence for an unknown one', async () => {
    const { api } = await negotiated(STRONG_OPENVPN, 'zh-CN');
    expect(badge().textContent).toBe('256 位 AES-GCM · 强');
    expect(screen.getByTestId('strength-summary-level').textContent).toBe(
      '256 位密钥 · 约 128 位安全强度，受限于 P-256 证书',
    );
    const event = securityEvent(STRONG_OPENVPN, 'p-ams', '2030-01-01T00:00:03.000Z');
    event.explanation!.reasons.push({ code: 'quantum-hint', impact: 'info', params: {}, text: 'A brand new remark.' });
    act(() => api.emit(event));
    const reasons = within(screen.getByTestId('strength-reasons')).getAllByRole('listitem');
    expect(reasons.find((r) => r.dataset.reasonCode === 'tls-crypt')?.textContent).toContain(
      'tls-crypt 隐藏并认证握手',
    );
    expect(reasons.find((r) => r.dataset.reasonCode === 'quantum-hint')?.textContent).toContain('A brand new remark.');
  });

  it('says there is nothing to rate before any profile exists', async () => {
    await renderWithStore(<ConnectionView />);
    expect(screen.queryByTestId('strength-badge')).toBeNull();
    expect(screen.getByTestId('strength-empty').textContent).toContain('Import a profile');
  });
});
