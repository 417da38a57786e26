import { useTranslation } from 'react-i18next';
import { cx } from '../components/cx';
import { useApp } from '../store/context';

/** A compact echo of the state in the title bar, useful when the connection card is scrolled away. */
export function StatusPill() {
  const { t } = useTranslation();
  const state = useApp((s) => s.connection.state);
  return (
    <span className={cx('pill', `pill--${state}`)} aria-hidden="true">
      <span className="pill__dot" />
      {t(`state.${state}`)}
    </span>
  );
}
