import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { splitDuration } from '../format/duration';

/** Formats milliseconds as "3 min 12 s" in the current language. */
export function useDuration(): (ms: number) => string {
  const { t } = useTranslation();
  return useCallback(
    (ms: number) => {
      const parts = splitDuration(ms);
      const { unit, ...values } = parts;
      // Minutes and seconds read better padded when they follow a larger unit: "1 h 05 min".
      const padded = Object.fromEntries(
        Object.entries(values).map(([k, v], i) => [k, i > 0 ? String(v).padStart(2, '0') : String(v)]),
      );
      return t(`duration.${unit}`, padded);
    },
    [t],
  );
}
