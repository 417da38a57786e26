import { describe, expect, it } from 'vitest';
import type { Envelope, RecoveryStatus } from '../../preload/contract';
import { UNBLOCK_BUTTON, recoverNetwork, recoveryConfirmation, type MessageBoxSpec } from './recover-network';
import { shellText } from './shell-text';

const en = shellText('en').t;

function setup(options: {
  status?: Envelope<RecoveryStatus>;
  clear?: Envelope<RecoveryStatus>;
  answer?: number;
  t?: typeof en;
}) {
  const calls: string[] = [];
  const confirmations: MessageBoxSpec[] = [];
  const told: MessageBoxSpec[] = [];
  const deps = {
    dispatch: async (command: 'recovery.status' | 'recovery.clear') => {
      calls.push(command);
      if (command === 'recovery.status') {
        return options.status ?? { ok: true as const, value: { blocked: true, detail: 'Blocked since 09:12.' } };
      }
      return options.clear ?? { ok: true as const, value: { blocked: false, detail: null } };
    },
    confirm: async (spec: MessageBoxSpec) => {
      confirmations.push(spec);
      return options.answer ?? UNBLOCK_BUTTON;
    },
    tell: async (spec: MessageBoxSpec) => told.push(spec),
    t: options.t ?? en,
  };
  return { deps, calls, confirmations, told };
}

describe('recoveryConfirmation', () => {
  it('explains the cost and makes Enter and Escape keep the network protected', () => {
    const spec = recoveryConfirmation('Blocked by a previous Holdfast session since 09:12.', en);
    expect(spec.buttons[UNBLOCK_BUTTON]).toBe('Unblock the network');
    expect(spec.defaultId).not.toBe(UNBLOCK_BUTTON);
    expect(spec.cancelId).not.toBe(UNBLOCK_BUTTON);
    expect(spec.detail).toContain('since 09:12');
    expect(spec.detail).toContain('without the VPN');
  });

  it('asks in Simplified Chinese when that is the language', () => {
    const spec = recoveryConfirmation(null, shellText('zh-CN').t);
    expect(spec).toMatchObject({ title: '恢复网络', message: '解除网络阻断？', buttons: ['解除网络阻断', '取消'] });
    expect(spec.detail).toContain('上一次 Holdfast 会话的断网保护仍在阻断所有流量。');
  });
});

describe('recoverNetwork', () => {
  it('clears the leftover kill switch only after the user confirms', async () => {
    const { deps, calls, confirmations, told } = setup({});
    await expect(recoverNetwork(deps)).resolves.toBe('cleared');
    expect(calls).toEqual(['recovery.status', 'recovery.clear']);
    expect(confirmations[0]!.detail).toContain('Blocked since 09:12.');
    expect(told).toEqual([]);
  });

  it('changes nothing when the user cancels', async () => {
    const { deps, calls } = setup({ answer: 1 });
    await expect(recoverNetwork(deps)).resolves.toBe('cancelled');
    expect(calls).toEqual(['recovery.status']);
  });

  it('does not ask when nothing is blocked any more', async () => {
    const { deps, calls, confirmations } = setup({ status: { ok: true, value: { blocked: false, detail: null } } });
    await expect(recoverNetwork(deps)).resolves.toBe('not-blocked');
    expect(calls).toEqual(['recovery.status']);
    expect(confirmations).toEqual([]);
  });

  it('says so when core refuses or the network stays blocked', async () => {
    const refused = setup({
      clear: { ok: false, error: { code: 'already-connected', message: 'Disconnect first' } },
    });
    await expect(recoverNetwork(refused.deps)).resolves.toBe('failed');
    // Core's refusal in the user's words by its code, as the window shows it.
    expect(refused.told[0]).toMatchObject({ type: 'error', detail: en('errors.already-connected') });
    expect(refused.told[0]!.detail).not.toBe('errors.already-connected');

    const stuck = setup({ clear: { ok: true, value: { blocked: true, detail: 'nft: permission denied' } } });
    await expect(recoverNetwork(stuck.deps)).resolves.toBe('still-blocked');
    expect(stuck.told[0]).toMatchObject({ message: 'The network is still blocked.', detail: 'nft: permission denied' });
  });
});
