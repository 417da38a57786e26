import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickerServer } from '../picker-entry';

export interface RowMenuProps {
  server: PickerServer;
  anchor: HTMLElement;
  onConnect(): void;
  onFavourite(): void;
  onSetPlace(): void;
  /** Escape, a click elsewhere, or a choice made: the caller puts focus back on the list. */
  onClose(): void;
}

/** The row's menu: connect, favourite, set the place by hand. Arrow keys move, Escape closes only the menu. */
export function RowMenu({ server, anchor, onConnect, onFavourite, onSetPlace, onClose }: RowMenuProps) {
  const { t } = useTranslation();
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const rect = anchor.getBoundingClientRect();
    const width = menuRef.current?.offsetWidth ?? 220;
    const height = menuRef.current?.offsetHeight ?? 120;
    const below = rect.bottom + height + 8 <= window.innerHeight;
    setPosition({
      top: below ? rect.bottom + 4 : Math.max(8, rect.top - height - 4),
      left: Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8)),
    });
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [anchor]);

  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    }
  };
  const choose = (action: () => void) => () => {
    onClose();
    action();
  };

  return (
    <div
      ref={menuRef}
      className="picker-menu"
      role="menu"
      aria-label={t('picker.menu', { name: server.name })}
      style={position ? { top: position.top, left: position.left } : { visibility: 'hidden' }}
      onKeyDown={onKeyDown}
      data-testid="picker-menu"
    >
      <button type="button" role="menuitem" className="picker-menu__item" onClick={choose(onConnect)}>
        {t('picker.connectTo', { name: server.name })}
      </button>
      <button type="button" role="menuitem" className="picker-menu__item" onClick={choose(onFavourite)}>
        {server.favourite ? t('picker.removeFavourite') : t('picker.addFavourite')}
      </button>
      <button type="button" role="menuitem" className="picker-menu__item" onClick={choose(onSetPlace)}>
        {t('picker.setPlace')}
      </button>
    </div>
  );
}
