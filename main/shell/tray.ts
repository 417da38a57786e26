import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import {
  trayClickAction,
  trayIconFile,
  trayModel,
  type TrayAction,
  type TrayIcon,
  type TrayInput,
  type TrayMenuItem,
  type TrayPlatform,
  type TraySection,
} from './tray-model';
import type { Translate } from './shell-text';
import type { TrayServerTarget } from './tray-server-types';

/**
 * The Electron side of the tray: renders the model from tray-model.ts and reports the user's choices.
 * What to show and what a click means are decided there.
 */
export class TrayController {
  private readonly tray: Tray;
  private readonly icons = new Map<TrayIcon, NativeImage>();
  private input: TrayInput;
  private lastMenuKey = '';

  constructor(
    private readonly options: {
      iconDir: string;
      platform: TrayPlatform;
      initial: TrayInput;
      onAction: (action: TrayAction) => void;
      /** The words in the user's current language (read on every render, so a change shows at once). */
      t: () => Translate;
      sections?: readonly TraySection[];
      /** A favourite, recent or fastest server was clicked: connect (or switch) to it. */
      onServer?: (target: TrayServerTarget) => void;
    },
  ) {
    this.input = options.initial;
    const model = trayModel(this.input, this.options.t(), this.options.sections);
    this.tray = new Tray(this.icon(model.icon));
    this.tray.on('click', () => {
      const action = trayClickAction(this.options.platform, this.input);
      if (action) this.options.onAction(action);
    });
    // Windows: a double click is the usual way to open an app from the notification area.
    this.tray.on('double-click', () => this.options.onAction('show-window'));
    this.render();
  }

  update(input: TrayInput): void {
    this.input = input;
    this.render();
  }

  /** Draws again with the same input: the language changed. */
  redraw(): void {
    this.render();
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private render(): void {
    if (this.tray.isDestroyed()) return;
    const model = trayModel(this.input, this.options.t(), this.options.sections);
    this.tray.setImage(this.icon(model.icon));
    this.tray.setToolTip(model.tooltip);
    // Rebuilding the menu while it is open closes it on some desktops: only rebuild when it changed.
    const menuKey = JSON.stringify(model.menu);
    if (menuKey !== this.lastMenuKey) {
      this.lastMenuKey = menuKey;
      this.tray.setContextMenu(Menu.buildFromTemplate(model.menu.map((item) => this.menuItem(item))));
    }
  }

  private menuItem(item: TrayMenuItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case 'status':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => this.options.onAction(item.action) };
      case 'server':
        return { label: item.label, enabled: item.enabled, click: () => this.options.onServer?.(item.target) };
    }
  }

  private icon(name: TrayIcon): NativeImage {
    let image = this.icons.get(name);
    if (!image) {
      // createFromPath also loads the @2x sibling for high-DPI screens.
      image = nativeImage.createFromPath(path.join(this.options.iconDir, trayIconFile(name, this.options.platform)));
      if (this.options.platform === 'darwin') image.setTemplateImage(true);
      this.icons.set(name, image);
    }
    return image;
  }
}
