import type { KeyboardEvent, ReactNode } from 'react';

export interface InlineFormProps {
  className: string;
  onSubmit(): Promise<void> | void;
  /** Escape: the form closes without saving. */
  onCancel(): void;
  children: ReactNode;
}

/** A small form inside a list row: Enter submits, Escape cancels this form only (not a dialog around it). */
export function InlineForm({ className, onSubmit, onCancel, children }: InlineFormProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onCancel();
  };
  return (
    <form
      className={className}
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}
