import type { ReactNode } from 'react';
import { cx } from './cx';

export interface BannerProps {
  tone: 'info' | 'warn' | 'bad';
  title: ReactNode;
  children?: ReactNode;
  /** Buttons for what the user can do about it. */
  actions?: ReactNode;
  testId?: string;
}

/** A calm, full-width notice for a situation that lasts (not for a single failed action). */
export function Banner({ tone, title, children, actions, testId }: BannerProps) {
  return (
    <div className={cx('banner', `banner--${tone}`)} role="status" data-testid={testId}>
      <p className="banner__title">{title}</p>
      {children ? <div className="banner__body">{children}</div> : null}
      {actions ? <div className="banner__actions">{actions}</div> : null}
    </div>
  );
}
