import { parseWindowState, type WindowState } from './window-state';

/**
 * The window's size and place, kept with electron-store in `<data dir>/window-state.json`. electron-store
 * (through `conf` and `atomically`) writes to a temporary file, flushes it and renames it over the old
 * one, so a crash mid-write leaves the previous state. This is the desktop side's own UI state: it means
 * nothing to the CLI or the engine, changes with every move, and is not a setting the user chooses, so it
 * stays out of core's settings (docs/desktop.md).
 */
export interface WindowStateStore {
  read(): WindowState | null;
  write(state: WindowState): void;
}

/** The part of electron-store used here (its class is passed in: it loads Electron when imported). */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function windowStateStore(store: KeyValueStore, log: (message: string) => void): WindowStateStore {
  return {
    read: () => parseWindowState(store.get('window')),
    write: (state) => {
      try {
        store.set('window', state);
      } catch (err) {
        // Losing the window's place is not worth an error dialog.
        log(`The window's size and place could not be saved: ${String(err)}`);
      }
    },
  };
}

/** Opens electron-store on the data folder; a corrupt file is started afresh (it holds nothing precious). */
export async function openWindowStateStore(dataDir: string, log: (message: string) => void): Promise<WindowStateStore> {
  const { default: Store } = await import('electron-store');
  const store = new Store({ cwd: dataDir, name: 'window-state', clearInvalidConfig: true });
  return windowStateStore(store as unknown as KeyValueStore, log);
}
