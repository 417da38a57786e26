import type { ReactNode } from 'react';
import { cx } from './cx';

/** Colour families; 'fair' sits between good and warn (acceptable encryption). */
export type Tone = 'neutral' | 'good' | 'fair' | 'busy' | 'warn' | 'bad';

export interface BadgeProps {
  tone?: Tone;
  children: ReactNode;
  title?: string;
  className?: string;
  testId?: string;
}

export function Badge({ tone = 'neutral', children, title, className, testId }: BadgeProps) {
  return (
    <span className={cx('badge', `badge--${tone}`, className)} title={title} data-testid={testId}>
      {children}
    </span>
  );
}
