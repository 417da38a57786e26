import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badge';
import { cx } from '../../components/cx';
import { RATING_TONE } from '../../security/strength';
import { CountryFlag } from '../CountryFlag';
import { latencyFull, latencyShort, standingOf, ageText } from '../latency-text';
import { isChinese } from '../place-names';
import type { PickerServer } from '../picker-entry';
import type { ServerRow } from '../server-tree';
import { transportText } from '../transport-label';
import { formatWhen } from '../when';

const STANDING_TONE = { worked: 'good', blocked: 'bad', cooling: 'warn' } as const;

export interface ServerRowViewProps {
  row: ServerRow;
  /** Shown outside its country (Favourites, Recent): the flag and city say where it is. */
  showPlace: boolean;
  connected: boolean;
  onFavourite(server: PickerServer): void;
  onMenu(rowId: string, server: PickerServer, button: HTMLButtonElement): void;
}

/**
 * One server: the favourite star, flag and name, its city, what Holdfast learned about it on this network,
 * its ways in, the encryption to expect, and its latency with how and when it was measured.
 */
export const ServerRowView = memo(function ServerRowView(props: ServerRowViewProps) {
  const { row, showPlace, connected, onFavourite, onMenu } = props;
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { server, rating } = row.item;
  const standing = standingOf(server.state);
  const city = server.city ? (isChinese(language) ? server.city.zh : server.city.en) : null;
  const transports = server.transports.map((transport) => transportText(t, transport)).join(' · ');
  const latency = server.latency;
  return (
    <>
      <button
        type="button"
        className="picker-row__star"
        tabIndex={-1}
        aria-pressed={server.favourite}
        aria-label={t('picker.favouriteToggle', { name: server.name })}
        title={server.favourite ? t('picker.removeFavourite') : t('picker.addFavourite')}
        data-testid="picker-favourite"
        onClick={(event) => {
          event.stopPropagation();
          onFavourite(server);
        }}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <path
            d="M8 1.6 9.9 5.6l4.4.5-3.3 3 .9 4.3L8 11.2l-3.9 2.2.9-4.3-3.3-3 4.4-.5z"
            fill={server.favourite ? 'currentColor' : 'none'}
            stroke="currentColor"
            strokeWidth="1.4"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      <div className="picker-row__main">
        <p className="picker-row__title">
          {showPlace ? <CountryFlag code={server.country} /> : null}
          <span className="picker-row__name" data-testid="picker-server-name">
            {server.name}
          </span>
          {showPlace && city ? <span className="picker-row__city">{city}</span> : null}
          {connected ? <Badge tone="good">{t('picker.current_badge')}</Badge> : null}
        </p>
        <p className="picker-row__details">
          {standing ? (
            <span
              className={cx('picker-row__standing', `picker-row__standing--${STANDING_TONE[standing.standing]}`)}
              title={t(`picker.state.${standing.standing}Title`, { time: formatWhen(standing.at, language) })}
              data-testid="picker-standing"
              data-standing={standing.standing}
            >
              {t(`picker.state.${standing.standing}`)}
            </span>
          ) : null}
          {rating ? (
            <span
              className={cx('picker-row__rating', `picker-row__rating--${RATING_TONE[rating]}`)}
              title={t('picker.strengthTitle', { rating: t(`rating.${rating}`) })}
              data-rating={rating}
            >
              {t(`rating.${rating}`)}
            </span>
          ) : null}
          <span className="picker-row__transports">{transports}</span>
        </p>
      </div>
      <p
        className={cx('picker-row__latency', !latency && 'picker-row__latency--none')}
        title={latencyFull(t, latency, language)}
        data-testid="picker-latency"
        data-ms={latency ? latency.ms : undefined}
      >
        <span className="picker-row__ms">{latencyShort(t, latency)}</span>
        {latency ? (
          <span className="picker-row__how">
            {t(`picker.latency.method.${latency.method}`)} · {ageText(latency.measuredAt, language)}
          </span>
        ) : null}
      </p>
      <button
        type="button"
        className="picker-row__more"
        tabIndex={-1}
        aria-label={t('picker.menu', { name: server.name })}
        aria-haspopup="menu"
        data-testid="picker-menu-button"
        onClick={(event) => {
          event.stopPropagation();
          onMenu(row.id, server, event.currentTarget);
        }}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <circle cx="3" cy="8" r="1.4" fill="currentColor" />
          <circle cx="8" cy="8" r="1.4" fill="currentColor" />
          <circle cx="13" cy="8" r="1.4" fill="currentColor" />
        </svg>
      </button>
    </>
  );
});
