import { Menu } from 'electron';

/**
 * macOS needs an application menu for Quit, Hide and the Edit shortcuts (copy and paste in text fields
 * go through it). Windows and Linux get none: everything lives in the window and the tray.
 */
export function installAppMenu(platform: NodeJS.Platform): void {
  if (platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  Menu.setApplicationMenu(Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]));
}
