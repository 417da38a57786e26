import type { Envelope } from '../../preload/contract';

/**
 * Core has no "settings changed" event: settings change only through `settings.set`, which in the app
 * arrives over IPC from the window. Wrapping the dispatcher the IPC bridge uses lets the shell react to
 * the settings it applies itself (the tray's kill switch state, start at login) after each change.
 */
export interface DispatcherLike {
  dispatch(command: unknown, params: unknown): Promise<Envelope<unknown>>;
}

export function watchSettings(dispatcher: DispatcherLike, onChange: (settings: unknown) => void): DispatcherLike {
  return {
    dispatch: async (command, params) => {
      const result = await dispatcher.dispatch(command, params);
      if (command === 'settings.set' && result.ok) {
        try {
          onChange(result.value);
        } catch {
          // Applying a setting in the shell must not turn a saved setting into a failed command.
        }
      }
      return result;
    },
  };
}
