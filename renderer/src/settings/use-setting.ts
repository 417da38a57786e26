import { useCallback } from 'react';
import { useApp } from '../store/context';

function lookup(root: unknown, key: string): unknown {
  let node: unknown = root;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export interface SettingHandle<T> {
  value: T;
  /** False when the engine did not send this key (an older engine): the control shows the default. */
  known: boolean;
  saving: boolean;
  set(value: T): Promise<boolean>;
}

/** One engine setting by its dotted key, with the default to show until (or unless) the engine sends it. */
export function useSetting<T>(key: string, fallback: T): SettingHandle<T> {
  const raw = useApp((s) => (Object.hasOwn(s.pendingSettings, key) ? s.pendingSettings[key] : lookup(s.settings, key)));
  const saving = useApp((s) => s.savingKey === key);
  const update = useApp((s) => s.updateSetting);
  const set = useCallback((value: T) => update(key, value), [update, key]);
  return { value: raw === undefined ? fallback : (raw as T), known: raw !== undefined, saving, set };
}
