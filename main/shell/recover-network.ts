import type { Envelope, RecoveryStatus } from '../../preload/contract';
import type { Translate } from './shell-text';

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

export function recoveryConfirmation(detail: string | null, t: Translate): MessageBoxSpec {
  return {
    type: 'warning',
    title: t('shell.dialogs.recover.title'),
    message: t('shell.dialogs.recover.question'),
    detail: [detail ?? t('shell.dialogs.recover.leftover'), t('shell.dialogs.recover.warning')].join('\n\n'),
    buttons: [t('shell.dialogs.recover.unblock'), t('shell.dialogs.cancel')],
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
  /** The words in the user's language. */
  t: Translate;
}

const problem = (detail: string, t: Translate): MessageBoxSpec => ({
  type: 'error',
  title: t('shell.dialogs.recover.title'),
  message: t('shell.dialogs.recover.stillBlocked'),
  detail,
  buttons: [t('shell.dialogs.ok')],
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
  if ((await deps.confirm(recoveryConfirmation(detail, deps.t))) !== UNBLOCK_BUTTON) return 'cancelled';

  const cleared = await deps.dispatch('recovery.clear', {});
  if (!cleared.ok) {
    // Core's error in the user's language by its code, as the window shows it.
    const { code, message, params } = cleared.error;
    await deps.tell(problem(deps.t(`errors.${code}`, { ...params, defaultValue: message }), deps.t));
    return 'failed';
  }
  const after = cleared.value as RecoveryStatus;
  if (after.blocked) {
    await deps.tell(problem(after.detail ?? deps.t('shell.dialogs.recover.couldNotRemove'), deps.t));
    return 'still-blocked';
  }
  return 'cleared';
}
