import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { ImportOutcome } from '../core/profiles/types';
import type { CommandParams } from '../../preload/contract';
import type { Translate } from './shell-text';

/**
 * The 'profiles.importDialog' command: the native picker, then the same import path as everything else
 * (core.importPaths parses, refuses unsafe directives and seals secrets). Windows and Linux pickers cannot
 * choose files and folders in one dialog, so the renderer asks for one or the other.
 */
export function importDialogHandler(deps: {
  window: () => BrowserWindow | null;
  importPaths: (paths: string[], jobId?: string) => Promise<ImportOutcome[]>;
  /** The words in the user's current language. */
  t: () => Translate;
}): (params: CommandParams<'profiles.importDialog'>) => Promise<ImportOutcome[]> {
  return async (params) => {
    const t = deps.t();
    const options: OpenDialogOptions = params.folder
      ? { title: t('shell.dialogs.importFolder'), properties: ['openDirectory'] }
      : {
          title: t('shell.dialogs.importFiles'),
          properties: ['openFile', 'multiSelections'],
          filters: [
            { name: t('shell.dialogs.importFilter'), extensions: ['conf', 'ovpn', 'zip'] },
            { name: t('shell.dialogs.allFiles'), extensions: ['*'] },
          ],
        };
    const window = deps.window();
    const result =
      window && !window.isDestroyed()
        ? await dialog.showOpenDialog(window, options)
        : await dialog.showOpenDialog(options);
    if (result.canceled || result.filePaths.length === 0) return [];
    return deps.importPaths(result.filePaths, params.jobId);
  };
}
