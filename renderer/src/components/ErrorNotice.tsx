import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../../main/core/errors';
import { errorText } from '../i18n';
import { MessageText } from './MessageText';

/**
 * One error in words a person understands, with the engine's own sentence folded away for support
 * requests. Announced politely: errors follow an action the user just took.
 */
export function ErrorNotice({ error, onDismiss }: { error: ErrorPayload; onDismiss?: () => void }) {
  const { t } = useTranslation();
  const text = errorText(t, error);
  return (
    <div className="notice notice--error" role="alert" data-error-code={error.code}>
      <p className="notice__text">{text}</p>
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
