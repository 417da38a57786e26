import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../store/context';
import type { ServerEntry } from '../../../../main/core/service/server-listing';
import { incrementalSearch, queryTokens, type IndexedServer } from '../server-search';
import { buildTree, type SortOrder, type Tree } from '../server-tree';
import { groupedFleet, indexedFleet } from './fleet-cache';

const EMPTY: readonly ServerEntry[] = [];

export interface ServerTreeState {
  items: IndexedServer[];
  tree: Tree;
  tokens: string[];
}

/**
 * The picker's rows, each stage memoised on what it reads: the index on the listing and profiles, the
 * country and city grouping on the index, order and language, so a keystroke only filters and flattens.
 */
export function useServerTree(query: string, sort: SortOrder, toggled: ReadonlySet<string>): ServerTreeState {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const listing = useApp((s) => s.serverList);
  const profiles = useApp((s) => s.profiles);
  const items = useMemo(() => indexedFleet(listing?.servers ?? EMPTY, profiles), [listing, profiles]);
  const other = t('picker.other');
  const groups = useMemo(() => groupedFleet(items, sort, language, other), [items, sort, language, other]);
  const tokens = useMemo(() => queryTokens(query), [query]);
  const search = useMemo(() => incrementalSearch(items), [items]);
  const matched = useMemo(() => (tokens.length > 0 ? new Set(search(tokens)) : undefined), [search, tokens]);
  const tree = useMemo(
    () => buildTree({ groups, items, tokens, matched, sort, language, toggled }),
    [groups, items, tokens, matched, sort, language, toggled],
  );
  return { items, tree, tokens };
}
