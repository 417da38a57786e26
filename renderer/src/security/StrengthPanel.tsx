import { useTranslation } from 'react-i18next';
import { Card } from '../components/Card';
import { cx } from '../components/cx';
import { Icon } from '../components/icons';
import {
  cipherFamily,
  handshakeWrap,
  hasNoEncryption,
  IMPACT_ICON,
  IMPACT_TONE,
  orderReasons,
  parsePart,
  partTitle,
  reasonText,
  securityText,
} from './strength';
import { DisguiseLine } from './DisguiseLine';
import { StrengthBadge } from './StrengthBadge';
import { useShownStrength } from './use-strength';

/**
 * The explanation panel: the key size in large type, the security level beside it and what limits it,
 * each component of the connection, and every reason the rating rests on.
 */
export function StrengthPanel() {
  const { t } = useTranslation();
  const shown = useShownStrength();

  if (!shown) {
    return (
      <Card title={t('strength.title')} className="strength-panel">
        <p className="muted" data-testid="strength-empty">
          {t('strength.empty')}
        </p>
      </Card>
    );
  }
  const { strength, profileName, disguise } = shown;
  const expected = strength.source === 'expected';
  const none = hasNoEncryption(strength);
  const weakest = strength.weakestPart ? parsePart(strength.weakestPart) : null;
  const wrap = handshakeWrap(strength);
  const reasons = orderReasons(strength.reasons);
  // The weakest row carries the security level of the whole connection.
  const level = strength.securityBits > 0 ? t('strength.partLevel', { bits: strength.securityBits }) : '';

  return (
    <Card title={t('strength.title')} className="strength-panel">
      <div className="strength" data-testid="strength-panel" data-source={strength.source}>
        <p className="strength__context">
          {expected
            ? t(profileName ? 'strength.expectedFor' : 'strength.expectedLead', { name: profileName })
            : t('strength.negotiatedLead')}
        </p>
        <div className="strength__headline">
          <p className="strength__bits" data-testid="strength-key-bits">
            {none ? t('strength.noKey') : t('strength.keyBits', { bits: strength.dataKeyBits })}
          </p>
          <StrengthBadge strength={strength} testId="strength-panel-badge" />
        </div>
        <p className="strength__level" data-testid="strength-level">
          {securityText(t, strength)}
        </p>

        <dl className="strength__parts" data-testid="strength-parts">
          {strength.protocol ? <Part label={t('strength.protocol')} value={t(`kind.${strength.protocol}`)} /> : null}
          <Part
            label={t('strength.dataChannel')}
            value={
              none
                ? t('strength.dataNone')
                : t('strength.dataValue', { cipher: cipherFamily(strength.dataCipher), bits: strength.dataKeyBits })
            }
            detail={none || cipherFamily(strength.dataCipher) === strength.dataCipher ? undefined : strength.dataCipher}
            weakest={weakest?.kind === 'data' || weakest?.kind === 'none' ? level : undefined}
            testId="part-data"
          />
          <Part
            label={t('strength.controlChannel')}
            value={strength.controlChannel ?? t(expected ? 'strength.decidedOnConnect' : 'strength.notReported')}
            weakest={weakest?.kind === 'suite' ? level : undefined}
            testId="part-control"
            mono={Boolean(strength.controlChannel)}
          />
          {weakest && (weakest.kind === 'certificate' || weakest.kind === 'keyExchange' || weakest.kind === 'other') ? (
            <Part
              label={t(`strength.partLabel.${weakest.kind}`)}
              value={partTitle(t, strength.weakestPart ?? '')}
              weakest={level}
              testId="part-handshake"
            />
          ) : null}
          {wrap ? <Part label={t('strength.handshakeProtection')} value={t(`strength.wrap.${wrap}`)} /> : null}
        </dl>
        {disguise ? <DisguiseLine disguise={disguise} /> : null}

        {reasons.length > 0 ? (
          <>
            <h3 className="strength__reasons-title">{t('strength.why')}</h3>
            <ul className="strength__reasons" data-testid="strength-reasons">
              {reasons.map((reason, index) => {
                const impact = reason.impact ?? 'info';
                return (
                  <li
                    key={`${reason.code ?? 'text'}-${index}`}
                    className={cx('reason', `reason--${IMPACT_TONE[impact] ?? 'neutral'}`)}
                    data-reason-code={reason.code ?? undefined}
                    data-impact={impact}
                  >
                    <Icon name={IMPACT_ICON[impact] ?? 'info'} className="icon reason__icon" />
                    <span className="visually-hidden">{t(`strength.impact.${impact}`, { defaultValue: '' })}</span>
                    <span className="reason__text" title={reason.code ? reason.text : undefined}>
                      {reasonText(t, reason)}
                    </span>
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </div>
    </Card>
  );
}

interface PartProps {
  label: string;
  value: string;
  detail?: string;
  /** Set on the part that limits the connection: the level it limits it to ('' when unknown). */
  weakest?: string;
  mono?: boolean;
  testId?: string;
}

function Part({ label, value, detail, weakest, mono, testId }: PartProps) {
  const { t } = useTranslation();
  const isWeakest = weakest !== undefined;
  return (
    <div
      className={cx('part', isWeakest && 'part--weakest')}
      data-testid={testId}
      data-weakest={isWeakest || undefined}
    >
      <dt className="part__label">
        {label}
        {isWeakest ? <span className="part__weakest">{t('strength.weakestMark')}</span> : null}
      </dt>
      <dd className={cx('part__value', mono && 'part__value--mono')}>
        {value}
        {detail ? <span className="part__detail">{detail}</span> : null}
        {weakest ? <span className="part__detail">{weakest}</span> : null}
      </dd>
    </div>
  );
}
