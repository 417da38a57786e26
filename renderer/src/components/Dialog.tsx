import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

export interface DialogProps {
  open: boolean;
  title: ReactNode;
  closeLabel: string;
  onClose(): void;
  children: ReactNode;
  /** Where focus goes on open (a form's first field); the panel itself otherwise. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** A click beside the panel closes it, unless closing would throw away something the user typed. */
  closeOnBackdrop?: boolean;
  testId?: string;
  /** A modifier for a bigger panel (the server picker). */
  className?: string;
}

/**
 * A modal dialog: focus moves in on open and back to where it was on close, Escape and the backdrop close
 * it, and Tab stays inside while it is open.
 */
export function Dialog(props: DialogProps) {
  const { open, title, closeLabel, onClose, children, initialFocus, closeOnBackdrop = true, testId, className } = props;
  const titleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    (initialFocus?.current ?? panelRef.current)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      } else if (event.key === 'Tab') {
        trapTab(event, panelRef.current);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus();
    };
  }, [open, onClose, initialFocus]);

  if (!open) return null;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => closeOnBackdrop && e.target === e.currentTarget && onClose()}>
      <div
        className={className ? `dialog ${className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        ref={panelRef}
        data-testid={testId}
      >
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="btn btn--ghost btn--sm" onClick={onClose}>
            {closeLabel}
          </button>
        </header>
        <div className="dialog__body">{children}</div>
      </div>
    </div>
  );
}

const FOCUSABLE = 'button:not([disabled]), select:not([disabled]), input:not([disabled]), a[href], [tabindex="0"]';

function trapTab(event: KeyboardEvent, panel: HTMLElement | null): void {
  if (!panel) return;
  const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && (document.activeElement === first || document.activeElement === panel)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
