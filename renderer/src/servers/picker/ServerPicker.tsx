import { useCallback, useId, useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { isActive } from '../../connection/fold';
import { useApp } from '../../store/context';
import type { PickerServer } from '../picker-entry';
import type { SortOrder } from '../server-tree';
import { MeasureReport } from './MeasureReport';
import { PlaceForm } from './PlaceForm';
import { RowMenu } from './RowMenu';
import { ServerTree } from './ServerTree';
import { useSearchShortcut } from './use-search-shortcut';
import { useServerTree } from './use-server-tree';

export interface ServerPickerProps {
  searchRef: RefObject<HTMLInputElement | null>;
}

/** Search, sort, measure, and the tree of every server: pick one and Holdfast connects to it. */
export function ServerPicker({ searchRef }: ServerPickerProps) {
  const { t, i18n } = useTranslation();
  const treeId = useId();
  const hintId = useId();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder>('name');
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ server: PickerServer; anchor: HTMLElement } | null>(null);
  const [placing, setPlacing] = useState<PickerServer | null>(null);
  const [tree, setTree] = useState<HTMLDivElement | null>(null);
  const { items, tree: built, tokens } = useServerTree(query, sort, toggled);
  const { rows, matched } = built;

  const connectServer = useApp((s) => s.connectServer);
  const favourite = useApp((s) => s.favouriteServer);
  const measure = useApp((s) => s.measureServers);
  const measuring = useApp((s) => s.measuring);
  const error = useApp((s) => s.serversError);
  const dismissError = useApp((s) => s.dismissServersError);
  const connectedKey = useApp((s) => {
    if (!isActive(s.connection.state) || !s.connection.profileId) return null;
    const id = s.connection.profileId;
    return s.serverList?.servers.find((server) => server.profiles.some((p) => p.id === id))?.key ?? null;
  });
  useSearchShortcut(searchRef);

  // The active row follows the list: when a filter removes it, the first row takes over.
  const activeStillThere = activeId !== null && rows.some((row) => row.id === activeId);
  const active = activeStillThere ? activeId : (rows[0]?.id ?? null);

  const toggle = useCallback((id: string) => {
    setToggled((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const onConnect = useCallback((server: PickerServer) => void connectServer(server.key), [connectServer]);
  const onFavourite = useCallback((server: PickerServer) => void favourite(server.key, !server.favourite), [favourite]);
  const openMenu = useCallback((server: PickerServer, anchor: HTMLElement) => setMenu({ server, anchor }), []);
  const closeMenu = useCallback(() => {
    setMenu(null);
    tree?.focus();
  }, [tree]);

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      const first = rows.find((row) => row.kind === 'server') ?? rows[0];
      if (first) setActiveId(first.id);
      tree?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Enter in the search box connects to the first match: type `东京`, press Enter, done.
      const first = rows.find((row) => row.kind === 'server');
      if (first?.kind === 'server') onConnect(first.item.server);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      event.stopPropagation();
      setQuery('');
      setToggled(new Set());
    }
  };

  const status = useMemo(() => {
    const n = (count: number) => ({ count, n: new Intl.NumberFormat(i18n.language).format(count) });
    if (items.length === 0) return t('picker.empty');
    if (tokens.length === 0) return t('picker.results', n(items.length));
    if (matched === 0) return t('picker.noMatch', { query: query.trim() });
    return t('picker.matches', n(matched));
  }, [items.length, tokens.length, matched, query, t, i18n.language]);

  return (
    <div className="picker" data-testid="server-picker">
      <div className="picker__search">
        <label className="visually-hidden" htmlFor={`${treeId}-search`}>
          {t('picker.searchLabel')}
        </label>
        <input
          ref={searchRef}
          id={`${treeId}-search`}
          type="search"
          className="field__control picker__input"
          placeholder={t('picker.searchPlaceholder')}
          value={query}
          autoComplete="off"
          spellCheck={false}
          aria-controls={treeId}
          aria-describedby={hintId}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            // A new query starts from its own defaults: every group with a match open.
            setToggled(new Set());
          }}
          onKeyDown={onSearchKey}
          data-testid="picker-search"
        />
      </div>
      <p id={hintId} className="picker__hint">
        {t('picker.searchHint')}
      </p>
      <div className="picker__toolbar">
        <p className="picker__status" role="status" aria-live="polite" data-testid="picker-status">
          {status}
        </p>
        <label className="picker__sort">
          <span>{t('picker.sortLabel')}</span>
          <select
            className="field__control"
            value={sort}
            onChange={(event) => setSort(event.currentTarget.value as SortOrder)}
            data-testid="picker-sort"
          >
            <option value="name">{t('picker.sortName')}</option>
            <option value="latency">{t('picker.sortLatency')}</option>
          </select>
        </label>
        <Button
          size="sm"
          disabled={measuring || items.length === 0}
          title={t('picker.measureHint')}
          onClick={() => void measure()}
          data-testid="picker-measure"
        >
          {measuring ? t('picker.measuring') : t('picker.measure')}
        </Button>
      </div>
      <MeasureReport />
      {error ? <ErrorNotice error={error} onDismiss={dismissError} /> : null}
      {placing ? (
        <PlaceForm
          server={placing}
          onDone={() => {
            setPlacing(null);
            tree?.focus();
          }}
        />
      ) : null}
      <ServerTree
        id={treeId}
        label={t('picker.treeLabel')}
        rows={rows}
        activeId={active}
        onActiveChange={setActiveId}
        onToggle={toggle}
        onConnect={onConnect}
        onFavourite={onFavourite}
        onMenu={openMenu}
        connectedKey={connectedKey}
        treeRef={setTree}
      />
      {menu ? (
        <RowMenu
          server={menu.server}
          anchor={menu.anchor}
          onClose={closeMenu}
          onConnect={() => onConnect(menu.server)}
          onFavourite={() => onFavourite(menu.server)}
          onSetPlace={() => setPlacing(menu.server)}
        />
      ) : null}
    </div>
  );
}
