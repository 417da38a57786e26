import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cx } from '../components/cx';
import { Icon } from '../components/icons';
import { useApp } from '../store/context';
import type { Toast as ToastModel } from '../store/types';
import { notificationText } from './notification-text';

/** How long a toast stays; one that needs the user stays until dismissed. */
export const TOAST_MS = 8000;

/** In-window notifications, bottom corner, announced politely; at most a few at once (see pushToast). */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: ToastModel }) {
  const { t, i18n } = useTranslation();
  const dismiss = useApp((s) => s.dismissToast);
  const openIncident = useApp((s) => s.openIncident);
  const [held, setHeld] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const n = toast.notification;
  const sticky = n.kind === 'needs-user';
  const { title, body } = notificationText(t, n, i18n.language);
  const incidentId = n.incidentId;

  useEffect(() => {
    // Reading, hovering or tabbing into it holds it on screen.
    if (sticky || held) return;
    const timer = window.setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [sticky, held, dismiss, toast.id]);

  const tone = n.kind === 'needs-user' || n.kind === 'unresolved' ? 'warn' : 'good';
  return (
    <div
      ref={ref}
      className={cx('toast', `toast--${tone}`)}
      data-testid="toast"
      data-kind={n.kind}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) setHeld(false);
      }}
    >
      <Icon name={tone === 'good' ? 'check' : 'warning'} className="icon toast__icon" />
      <div className="toast__text">
        <p className="toast__title">{title}</p>
        <p className="toast__body">{body}</p>
        {incidentId ? (
          <button
            type="button"
            className="toast__link"
            onClick={() => {
              void openIncident(incidentId);
              dismiss(toast.id);
            }}
          >
            {t('notification.details')}
          </button>
        ) : null}
      </div>
      <button
        type="button"
        className="btn btn--ghost btn--sm toast__close"
        aria-label={t('notification.dismiss')}
        title={t('notification.dismiss')}
        onClick={() => dismiss(toast.id)}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
