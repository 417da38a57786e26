import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isActive } from '../../connection/fold';
import { useConnectionTarget } from '../../connection/use-connection-target';
import { useApp } from '../../store/context';
import { CountryFlag } from '../CountryFlag';
import { toPickerServer } from '../picker-entry';
import { warmFleet } from './fleet-cache';
import { isChinese } from '../place-names';

/** The server the connection uses (or would use), with "Change" to open the picker: one click away. */
export function CurrentServer() {
  const { t, i18n } = useTranslation();
  const open = useApp((s) => s.openPicker);
  const target = useConnectionTarget();
  const profileId = useApp((s) => (isActive(s.connection.state) ? s.connection.profileId : null)) ?? target?.id;
  const entry = useApp((s) =>
    profileId ? s.serverList?.servers.find((server) => server.profiles.some((p) => p.id === profileId)) : undefined,
  );
  const hasServers = useApp((s) => (s.serverList?.servers.length ?? 0) > 0);
  const servers = useApp((s) => s.serverList?.servers);
  const profiles = useApp((s) => s.profiles);
  const other = t('picker.other');
  // The picker is one click away: its index and grouping get ready while the window has nothing to do.
  useEffect(
    () => (servers ? warmFleet(servers, profiles, i18n.language, other) : undefined),
    [servers, profiles, i18n.language, other],
  );
  if (!hasServers) return null;
  const server = entry ? toPickerServer(entry) : null;
  const city = server?.city ? (isChinese(i18n.language) ? server.city.zh : server.city.en) : null;
  return (
    <div className="current-server" data-testid="current-server">
      <span className="current-server__label">{t('picker.current')}</span>
      <p className="current-server__name">
        {server ? <CountryFlag code={server.country} /> : null}
        <span className="current-server__text">
          <span data-testid="current-server-name">{server ? server.name : t('picker.automatic')}</span>
          {city ? <span className="current-server__city">{city}</span> : null}
        </span>
      </p>
      <button
        type="button"
        className="btn btn--secondary btn--sm current-server__change"
        aria-label={t('picker.changeLabel')}
        aria-haspopup="dialog"
        onClick={open}
        data-testid="picker-open"
      >
        {t('picker.change')}
      </button>
    </div>
  );
}
