import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { ImportOutcome } from '../core/profiles/types';
import type { CommandParams } from '../../preload/contract';

/**
 * The 'profiles.importDialog' command: the native picker, then the same import path as everything else
 * (core.importPaths parses, refuses unsafe directives and seals secrets). Windows and Linux pickers cannot
 * choose files and folders in one dialog, so the renderer asks for one or the other.
 */
export function importDialogHandler(deps: {
  window: () => BrowserWindow | null;
  importPaths: (paths: string[]) => Promise<ImportOutcome[]>;
}): (params: CommandParams<'profiles.importDialog'>) => Promise<ImportOutcome[]> {
  return async (params) => {
    const options: OpenDialogOptions = params.folder
      ? { title: 'Import a folder of VPN profiles', properties: ['openDirectory'] }
      : {
          title: 'Import VPN profiles',
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: 'VPN profiles (.conf, .ovpn, .zip)', extensions: ['conf', 'ovpn', 'zip'] },
            { name: 'All files', extensions: ['*'] },
          ],
        };
    const window = deps.window();
    const result =
      window && !window.isDestroyed()
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
    if (result.canceled || result.filePaths.length === 0) return [];
    return deps.importPaths(result.filePaths);
  };
}
