import { useTranslation } from 'react-i18next';
import { Badge } from '../components/Badge';
import { Icon } from '../components/icons';
import { badgeText, RATING_ICON, RATING_TONE, type Strength } from './strength';

/**
 * "256-bit AES-GCM · Strong" with an icon whose shape follows the rating. An expected rating (nothing
 * negotiated yet) says so in words.
 */
export function StrengthBadge({ strength, testId }: { strength: Strength; testId?: string }) {
  const { t } = useTranslation();
  const expected = strength.source === 'expected';
  return (
    <Badge
      tone={RATING_TONE[strength.rating]}
      className="strength-badge"
      testId={testId}
      title={expected ? t('strength.expectedHint') : undefined}
    >
      <Icon name={RATING_ICON[strength.rating]} />
      <span className="strength-badge__text" data-rating={strength.rating} data-source={strength.source}>
        {badgeText(t, strength)}
        {expected ? <span className="strength-badge__expected"> · {t('strength.expected')}</span> : null}
      </span>
    </Badge>
  );
}
