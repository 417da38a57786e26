import { useTranslation } from 'react-i18next';
import type { AttemptRecord, IncidentRecord } from '../../../main/core/connection/failover/incidents';
import { Badge, type Tone } from '../components/Badge';
import { cx } from '../components/cx';
import { MessageText } from '../components/MessageText';
import { useDuration } from '../connection/use-duration';
import { formatSeconds } from '../format/seconds';
import { CandidateLabel } from './CandidateLabel';
import { formatClock } from './format-time';
import { candidateLabel, incidentStatus, incidentSteps, type IncidentStatus } from './incident-view';
import { useIncidentFocus } from './use-incident-focus';

const STATUS_TONE: Record<IncidentStatus, Tone> = {
  resolved: 'good',
  trying: 'busy',
  'needs-user': 'bad',
  stopped: 'neutral',
};

export interface IncidentItemProps {
  incident: IncidentRecord;
  open: boolean;
  /** Set when the user asked to see this incident: it is opened, scrolled to, focused and highlighted. */
  focusRequest?: number | null;
  /** Called once a focus request has been carried out. */
  onShown?: () => void;
}

const nothing = () => undefined;

/** One incident: when it dropped, how it was noticed, what was tried and why each failed, where it landed. */
export function IncidentItem({ incident, open, focusRequest = null, onShown = nothing }: IncidentItemProps) {
  const { t, i18n } = useTranslation();
  const { itemRef, detailsRef, summaryRef } = useIncidentFocus(focusRequest, onShown);
  const locale = i18n.language;
  const duration = useDuration();
  const status = incidentStatus(incident);
  const { lost, rounds, landingFailures } = incidentSteps(incident);
  const seconds = (ms: number) => formatSeconds(ms, locale);
  const span = (ms: number) =>
    ms < 100 ? t('incident.underTenth') : ms < 60_000 ? t('incident.seconds', { seconds: seconds(ms) }) : duration(ms);
  const server = incident.from?.serverName ?? t('incident.theConnection');

  return (
    <li
      ref={itemRef}
      className={cx('incident', `incident--${status}`)}
      data-testid="incident"
      data-status={status}
      data-incident-id={incident.id}
    >
      <details ref={detailsRef} open={open}>
        <summary ref={summaryRef} className="incident__summary">
          <span className="incident__title">
            {t(`incident.title.${incident.detectedBy}`, {
              server,
              defaultValue: t('incident.title.other', { server }),
            })}
          </span>
          <span className="incident__meta">
            {/* When it dropped: the last sign of life, before the detection delay. */}
            <time dateTime={incident.startedAt}>{formatClock(incident.startedAt, locale)}</time>
            <Badge tone={STATUS_TONE[status]} testId="incident-status">
              {status === 'resolved' && incident.totalMs !== null
                ? t('incident.status.resolvedIn', { time: span(incident.totalMs) })
                : t(`incident.status.${status}`)}
            </Badge>
          </span>
        </summary>
        <ol className="timeline" data-testid="incident-steps">
          <li className="step step--detected">
            <time className="step__time" dateTime={incident.detectedAt}>
              {formatClock(incident.detectedAt, locale)}
            </time>
            <div className="step__body">
              <p className="step__title">
                {t('incident.noticed', {
                  time: span(incident.detectedAfterMs),
                  how: t(`incident.how.${incident.detectedBy}`, { defaultValue: incident.detectedBy }),
                })}
              </p>
              {incident.from ? (
                <p className="step__detail">{t('incident.was', { on: candidateLabel(incident.from) })}</p>
              ) : null}
              {incident.detail ? (
                <p className="step__detail">
                  <MessageText text={lost?.reason ?? incident.detail} />
                </p>
              ) : null}
            </div>
          </li>
          {rounds.map((round) => (
            <li key={round.round} className="step step--round" data-testid="incident-round">
              <time className="step__time" dateTime={round.at ?? undefined}>
                {formatClock(round.at, locale)}
              </time>
              <div className="step__body">
                <p className="step__title">
                  {t('incident.round', { round: round.round, count: round.attempts.length })}
                  {round.verdict ? (
                    <span className="step__verdict"> · {t(`incident.verdict.${round.verdict}`)}</span>
                  ) : null}
                </p>
                <ul className="attempts">
                  {round.attempts.map((attempt, index) => (
                    <Attempt key={index} attempt={attempt} span={span} />
                  ))}
                </ul>
              </div>
            </li>
          ))}
          {landingFailures.map((attempt, index) => (
            <li key={`landing-${index}`} className="step step--failed">
              <span className="step__time" />
              <div className="step__body">
                <ul className="attempts">
                  <Attempt attempt={attempt} span={span} />
                </ul>
              </div>
            </li>
          ))}
          {status !== 'trying' ? (
            <li className={cx('step', `step--${status}`)} data-testid="incident-ending">
              <time className="step__time" dateTime={incident.endedAt ?? undefined}>
                {formatClock(incident.endedAt, locale)}
              </time>
              <div className="step__body">
                <p className="step__title">
                  {status === 'resolved' && incident.landedOn
                    ? t('incident.landed', {
                        server: incident.landedOn.serverName,
                        transport: incident.landedOn.transportLabel,
                      })
                    : t(`incident.ended.${status}`)}
                </p>
              </div>
            </li>
          ) : null}
        </ol>
        {incident.totalMs !== null ? (
          <p className="incident__total" data-testid="incident-total">
            {t('incident.total', { time: span(incident.totalMs) })}
          </p>
        ) : null}
        {incident.mergedInto ? <p className="incident__note">{t('incident.merged')}</p> : null}
      </details>
    </li>
  );
}

function Attempt({ attempt, span }: { attempt: AttemptRecord; span: (ms: number) => string }) {
  const { t } = useTranslation();
  const good = attempt.outcome === 'won';
  return (
    <li
      className={cx('attempt', good ? 'attempt--good' : 'attempt--bad')}
      data-testid="incident-attempt"
      data-outcome={attempt.outcome}
    >
      <span className="attempt__candidate">
        <CandidateLabel candidate={attempt.candidate} />
      </span>
      <span className="attempt__outcome">
        {t(`incident.outcome.${attempt.outcome}`, { defaultValue: attempt.outcome })}
        {attempt.ms > 0 ? ` · ${span(attempt.ms)}` : ''}
      </span>
      {/* A won or cancelled attempt is said by its outcome; only failures need their reason. */}
      {attempt.reason && !good && attempt.outcome !== 'cancelled' ? (
        <span className="attempt__reason">
          {/* A failure with a known cause is said in the user's language; the engine's sentence stays as a tip. */}
          {attempt.code ? (
            <span title={attempt.reason}>{t(`errors.${attempt.code}`, { defaultValue: attempt.reason })}</span>
          ) : (
            <MessageText text={attempt.reason} />
          )}
        </span>
      ) : null}
    </li>
  );
}
