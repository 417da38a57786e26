import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import { cx } from '../../components/cx';
import type { PickerServer } from '../picker-entry';
import type { TreeRow } from '../server-tree';
import { GroupRowView } from './GroupRowView';
import { ServerRowView } from './ServerRowView';

/** Fixed heights keep scrolling cheap: nothing is measured while 10,000 rows fly past. */
export const GROUP_ROW_HEIGHT = 40;
export const SERVER_ROW_HEIGHT = 58;

export interface ServerTreeProps {
  id: string;
  label: string;
  rows: readonly TreeRow[];
  activeId: string | null;
  onActiveChange(id: string): void;
  onToggle(id: string): void;
  onConnect(server: PickerServer): void;
  onFavourite(server: PickerServer): void;
  onMenu(server: PickerServer, anchor: HTMLElement): void;
  connectedKey: string | null;
  treeRef?: Ref<HTMLDivElement>;
}

/**
 * The country -> city -> server tree as one flat, virtualised list: only the rows in view exist, each with
 * its level, position and set size so a screen reader still hears the tree. Focus stays on the tree and
 * aria-activedescendant names the active row, which is therefore always scrolled into view (and rendered).
 */
export function ServerTree(props: ServerTreeProps) {
  const { id, rows, activeId, onActiveChange, onToggle, onConnect, onFavourite, onMenu, connectedKey } = props;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // The virtualizer re-renders this component itself when the list scrolls; nothing here needs the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index]?.kind === 'group' ? GROUP_ROW_HEIGHT : SERVER_ROW_HEIGHT),
    overscan: 4,
  });
  const activeIndex = activeId === null ? -1 : rows.findIndex((row) => row.id === activeId);
  // Stable for the memoised rows: scrolling re-renders only the rows that come into view.
  const onRowMenu = useCallback(
    (rowId: string, server: PickerServer, anchor: HTMLElement) => {
      onActiveChange(rowId);
      onMenu(server, anchor);
    },
    [onActiveChange, onMenu],
  );

  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  const rowDomId = (index: number) => `${id}-row-${index}`;
  const setRefs = (element: HTMLDivElement | null) => {
    scrollRef.current = element;
    const { treeRef } = props;
    if (typeof treeRef === 'function') treeRef(element);
    else if (treeRef) treeRef.current = element;
  };

  const move = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (row) onActiveChange(row.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const current = activeIndex >= 0 ? rows[activeIndex] : undefined;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / SERVER_ROW_HEIGHT) - 1);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        move(current ? activeIndex + 1 : 0);
        break;
      case 'ArrowUp':
        move(current ? activeIndex - 1 : 0);
        break;
      case 'PageDown':
        move(activeIndex + page);
        break;
      case 'PageUp':
        move(activeIndex - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'ArrowRight':
        if (current?.kind === 'group') {
          if (current.expanded) move(activeIndex + 1);
          else onToggle(current.id);
        }
        break;
      case 'ArrowLeft':
        if (current?.kind === 'group' && current.expanded) onToggle(current.id);
        else if (current?.parentId) onActiveChange(current.parentId);
        break;
      case 'Enter':
      case ' ':
        if (current?.kind === 'group') onToggle(current.id);
        else if (current?.kind === 'server' && event.key === 'Enter') onConnect(current.item.server);
        else handled = event.key === ' ';
        break;
      case 'ContextMenu':
      case 'F10': {
        if (event.key === 'F10' && !event.shiftKey) return;
        const element = document.getElementById(rowDomId(activeIndex));
        if (current?.kind === 'server' && element) onMenu(current.item.server, element);
        break;
      }
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  return (
    <div
      ref={setRefs}
      id={id}
      className="picker-tree"
      role="tree"
      aria-label={props.label}
      tabIndex={0}
      aria-activedescendant={activeIndex >= 0 ? rowDomId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (activeIndex < 0) move(0);
      }}
      data-testid="picker-tree"
    >
      <div role="none" className="picker-tree__space" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const row = rows[virtual.index];
          if (!row) return null;
          // Keyed by position: while typing, the elements in view are updated in place, not rebuilt.
          const active = virtual.index === activeIndex;
          const common = {
            id: rowDomId(virtual.index),
            role: 'treeitem',
            'aria-level': row.level,
            'aria-setsize': row.setSize,
            'aria-posinset': row.posInSet,
            'aria-selected': active,
            style: { height: virtual.size, transform: `translateY(${virtual.start}px)` },
          } as const;
          if (row.kind === 'group') {
            return (
              <div
                key={virtual.index}
                {...common}
                aria-expanded={row.expanded}
                className={cx(
                  'picker-row',
                  'picker-row--group',
                  `picker-row--${row.group}`,
                  active && 'picker-row--active',
                )}
                data-level={row.level}
                data-testid="picker-group"
                data-group={row.group}
                data-code={row.code ?? ''}
                onClick={() => {
                  onActiveChange(row.id);
                  onToggle(row.id);
                }}
              >
                <GroupRowView row={row} />
              </div>
            );
          }
          const server = row.item.server;
          return (
            <div
              key={virtual.index}
              {...common}
              className={cx('picker-row', 'picker-row--server', active && 'picker-row--active')}
              data-level={row.level}
              data-testid="picker-server"
              data-server-key={server.key}
              onClick={() => {
                onActiveChange(row.id);
                onConnect(server);
              }}
            >
              <ServerRowView
                row={row}
                showPlace={!row.id.startsWith('server:')}
                connected={server.key === connectedKey}
                onFavourite={onFavourite}
                onMenu={onRowMenu}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
