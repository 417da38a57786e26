import { useTranslation } from 'react-i18next';
import { levelText } from './strength';
import { StrengthBadge } from './StrengthBadge';
import { useShownStrength } from './use-strength';

/** The badge and one line under it on the connection card; the panel beside it explains the rest. */
export function StrengthSummary() {
  const { t } = useTranslation();
  const shown = useShownStrength();
  if (!shown) return null;
  return (
    <div className="strength-summary" data-testid="strength-summary">
      <StrengthBadge strength={shown.strength} testId="strength-badge" />
      <p className="strength-summary__level" data-testid="strength-summary-level">
        {levelText(t, shown.strength)}
      </p>
    </div>
  );
}
