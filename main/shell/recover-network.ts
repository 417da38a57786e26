import type { Envelope, RecoveryStatus } from '../../preload/contract';

/**
 * The tray's "Recover network…": a previous session's kill switch still blocks the network, and the user
 * wants the network back without connecting. Lifting it sends traffic out unprotected, so it asks first.
 * Electron-free: index.ts passes the dialogs; the tray asks core for the status again afterwards.
 */

/** The options of a message box, in the shape Electron's dialog.showMessageBox takes. */
export interface MessageBoxSpec {
  type: 'warning' | 'error' | 'info';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

export const UNBLOCK_BUTTON = 0;

export function recoveryConfirmation(detail: string | null): MessageBoxSpec {
  return {
    type: 'warning',
    title: 'Recover network',
    message: 'Unblock the network?',
    detail: [
      detail ?? 'The kill switch of a previous Holdfast session still blocks all traffic.',
      'Unblocking lets traffic out without the VPN until you connect again. To stay protected, connect instead.',
    ].join('\n\n'),
    buttons: ['Unblock the network', 'Cancel'],
    // Enter and Escape both keep the network protected: unblocking takes a deliberate click.
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export type RecoveryOutcome = 'not-blocked' | 'cancelled' | 'cleared' | 'still-blocked' | 'failed';

export interface RecoverNetworkDeps {
  dispatch(command: 'recovery.status' | 'recovery.clear', params: Record<string, never>): Promise<Envelope<unknown>>;
  /** Shows the confirmation; resolves with the index of the button clicked. */
  confirm(spec: MessageBoxSpec): Promise<number>;
  /** Tells the user why the network is still blocked. */
  tell(spec: MessageBoxSpec): Promise<unknown>;
}

const problem = (message: string, detail: string): MessageBoxSpec => ({
  type: 'error',
  title: 'Recover network',
  message,
  detail,
  buttons: ['OK'],
  defaultId: 0,
  cancelId: 0,
  noLink: true,
});

export async function recoverNetwork(deps: RecoverNetworkDeps): Promise<RecoveryOutcome> {
  // Ask again right before asking the user: a connection may have replaced the leftover since the menu
  // was built.
  const status = await deps.dispatch('recovery.status', {});
  if (status.ok && !(status.value as RecoveryStatus).blocked) return 'not-blocked';
  const detail = status.ok ? (status.value as RecoveryStatus).detail : null;
  if ((await deps.confirm(recoveryConfirmation(detail))) !== UNBLOCK_BUTTON) return 'cancelled';

  const cleared = await deps.dispatch('recovery.clear', {});
  if (!cleared.ok) {
    await deps.tell(problem('The network is still blocked.', cleared.error.message));
    return 'failed';
  }
  const after = cleared.value as RecoveryStatus;
  if (after.blocked) {
    await deps.tell(
      problem(
        'The network is still blocked.',
        after.detail ?? 'Holdfast could not remove the previous session’s rules. Connect to stay protected.',
      ),
    );
    return 'still-blocked';
  }
  return 'cleared';
}
