import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../../main/core/errors';
import { errorText } from '../i18n';
import { cx } from './cx';
import { MessageText } from './MessageText';

export interface ErrorNoticeProps {
  error: ErrorPayload;
  /** 'error' for an action that failed; 'retrying' for a problem the engine is still working around. */
  tone?: 'error' | 'retrying';
  /** A sentence shown before the error's own words. */
  lead?: string;
  onDismiss?: () => void;
}

/**
 * One error in words a person understands, with the engine's own sentence folded away for support
 * requests. Failures interrupt (alert); problems being retried are announced politely (status).
 */
export function ErrorNotice({ error, tone = 'error', lead, onDismiss }: ErrorNoticeProps) {
  const { t } = useTranslation();
  const text = errorText(t, error);
  return (
    <div
      className={cx('notice', `notice--${tone}`)}
      role={tone === 'error' ? 'alert' : 'status'}
      data-error-code={error.code}
    >
      <p className="notice__text">
        {lead ? <span className="notice__lead">{lead} </span> : null}
        <MessageText text={text} />
      </p>
      {error.message && error.message !== text ? (
        <details className="notice__details">
          <summary>{t('error.details')}</summary>
          <p>
            <MessageText text={error.message} />
          </p>
        </details>
      ) : null}
      {onDismiss ? (
        <button type="button" className="btn btn--ghost btn--sm notice__dismiss" onClick={onDismiss}>
          {t('error.dismiss')}
        </button>
      ) : null}
    </div>
  );
}
