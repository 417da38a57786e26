import { useTranslation } from 'react-i18next';
import { cx } from '../components/cx';
import { Icon, type IconName } from '../components/icons';
import { useApp } from '../store/context';
import { VIEWS, type View } from '../store/types';

const ICONS: Record<View, IconName> = {
  connection: 'connection',
  servers: 'servers',
  activity: 'activity',
  settings: 'settings',
};

/** The four views. Plain buttons in a nav landmark; the current one is marked for screen readers too. */
export function NavBar() {
  const { t } = useTranslation();
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const unseen = useApp((s) => s.incidents.some((i) => !i.resolved && i.ending === null));
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul className="nav__list">
        {VIEWS.map((id) => (
          <li key={id} className="nav__item">
            <button
              type="button"
              className={cx('nav__link', view === id && 'nav__link--current')}
              aria-current={view === id ? 'page' : undefined}
              data-testid={`nav-${id}`}
              onClick={() => setView(id)}
            >
              <Icon name={ICONS[id]} />
              <span className="nav__text">{t(`nav.${id}`)}</span>
              {id === 'activity' && unseen ? (
                <span className="nav__dot" title={t('nav.ongoing')}>
                  <span className="visually-hidden">{t('nav.ongoing')}</span>
                </span>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
