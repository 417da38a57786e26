import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../../../main/core/errors';
import { Button } from '../components/Button';
import { MessageText } from '../components/MessageText';
import { useApp } from '../store/context';
import { formatSeconds } from '../format/seconds';
import { errorText } from '../i18n';

/**
 * Words under the state: while Holdfast works around a drop, what happened and what it is doing now; after
 * a failure, what the user can do; once connected after a switch, where it moved from.
 */
export function StateDetail({
  failedError,
  retryingError = null,
}: {
  failedError: ErrorPayload | null;
  /** A known cause of the failures so far while Holdfast keeps trying (the server insists on compression). */
  retryingError?: ErrorPayload | null;
}) {
  const { t, i18n } = useTranslation();
  const state = useApp((s) => s.connection.state);
  const reason = useApp((s) => s.connection.reason);
  const drop = useApp((s) => s.connection.drop);
  const lastSwitch = useApp((s) => s.connection.lastSwitch);
  const killSwitchOn = useApp((s) => s.settings?.killSwitch?.enabled ?? false);
  const setView = useApp((s) => s.setView);

  if (state === 'reconnecting' || state === 'failing-over') {
    return (
      <div className="state-detail state-detail--busy" data-testid="state-detail">
        {drop ? (
          <p>
            {t('connection.dropNoticed', { seconds: formatSeconds(drop.detectedAfterMs, i18n.language) })}{' '}
            {drop.detectedBy ? (
              <span title={drop.reason}>{t(`incident.how.${drop.detectedBy}`)}</span>
            ) : (
              <MessageText text={drop.reason} />
            )}
          </p>
        ) : null}
        {reason ? (
          <p>
            <span className="state-detail__lead">{t(`connection.doing.${state}`)} </span>
            <MessageText text={reason} />
          </p>
        ) : null}
        {retryingError ? (
          <p data-testid="state-detail-cause" data-error-code={retryingError.code}>
            {errorText(t, retryingError)}
          </p>
        ) : null}
        {killSwitchOn ? <p className="muted">{t('connection.stillBlocked')}</p> : null}
      </div>
    );
  }

  if (state === 'failed') {
    const code = failedError?.code;
    return (
      <div className="state-detail state-detail--failed" data-testid="state-detail">
        <p>{t(`guidance.${code ?? 'default'}`, { defaultValue: t('guidance.default') })}</p>
        <div className="state-detail__actions">
          <Button size="sm" onClick={() => setView('servers')}>
            {t('guidance.chooseServer')}
          </Button>
          {code === 'encryption-too-weak' ? (
            <Button size="sm" onClick={() => setView('settings')}>
              {t('guidance.openSettings')}
            </Button>
          ) : null}
        </div>
      </div>
    );
  }

  if (state === 'connected' && lastSwitch) {
    return (
      <p className="state-detail muted" data-testid="state-detail">
        {lastSwitch.detectedBy === 'connect-failed'
          ? t('connection.afterFirstTry')
          : lastSwitch.from === lastSwitch.to
            ? t('connection.recovered')
            : lastSwitch.from
              ? t('connection.movedFrom', { from: lastSwitch.from, to: lastSwitch.to })
              : t('connection.movedTo', { to: lastSwitch.to })}{' '}
        {lastSwitch.detectedBy ? (
          <span title={lastSwitch.reason}>{t(`incident.how.${lastSwitch.detectedBy}`)}</span>
        ) : (
          <MessageText text={lastSwitch.reason} />
        )}
      </p>
    );
  }
  return null;
}
