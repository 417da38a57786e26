import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupRow } from '../server-tree';
import { CountryFlag } from '../CountryFlag';

/** A country, city or section row: a chevron that says open or closed, the flag, the name and a count. */
export const GroupRowView = memo(function GroupRowView({ row }: { row: GroupRow }) {
  const { t } = useTranslation();
  const label =
    row.group === 'favourites' ? t('picker.favourites') : row.group === 'recent' ? t('picker.recent') : row.label;
  return (
    <>
      <svg className="picker-row__chevron" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d="M6 3.5 10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      {row.group === 'country' ? <CountryFlag code={row.code} decorative /> : null}
      {row.group === 'favourites' ? (
        <span className="picker-row__mark picker-row__mark--star" aria-hidden="true" />
      ) : null}
      <span className="picker-row__label">{label}</span>
      <span className="picker-row__count" title={t('picker.groupCount', { count: row.count })}>
        <span aria-hidden="true">{row.count}</span>
        <span className="visually-hidden">{t('picker.groupCount', { count: row.count })}</span>
      </span>
    </>
  );
});
