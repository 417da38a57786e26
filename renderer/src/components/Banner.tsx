import type { ReactNode } from 'react';
import { cx } from './cx';

/** A calm, full-width notice for a situation that lasts (not for a single failed action). */
export function Banner({ tone, title, children }: { tone: 'info' | 'warn'; title: ReactNode; children?: ReactNode }) {
  return (
    <div className={cx('banner', `banner--${tone}`)} role="status">
      <p className="banner__title">{title}</p>
      {children ? <div className="banner__body">{children}</div> : null}
    </div>
  );
}
