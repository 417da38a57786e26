import { useId, type ReactNode } from 'react';
import { cx } from './cx';

export interface CardProps {
  title: ReactNode;
  /** Controls shown at the right of the title row. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

/** A titled region: landmarks let screen-reader users jump between the connection and the profiles. */
export function Card({ title, actions, className, children }: CardProps) {
  const titleId = useId();
  return (
    <section className={cx('card', className)} aria-labelledby={titleId}>
      <header className="card__header">
        <h2 id={titleId} className="card__title">
          {title}
        </h2>
        {actions ? <div className="card__actions">{actions}</div> : null}
      </header>
      <div className="card__body">{children}</div>
    </section>
  );
}
