import { useTranslation } from 'react-i18next';
import type { DisguiseInUse } from '../../../main/core/disguise/disguised-route';
import { hiddenInsideText } from '../connection/disguise-text';

/**
 * The disguise the tunnel runs inside, on its own line below the tunnel's encryption: it hides that this
 * is a VPN but adds no strength, so it sits apart from the rated parts and never touches the badge.
 */
export function DisguiseLine({ disguise }: { disguise: DisguiseInUse }) {
  const { t } = useTranslation();
  return (
    <div className="strength__disguise" data-testid="strength-disguise" data-kind={disguise.kind}>
      <p className="strength__disguise-title" data-testid="strength-disguise-line">
        {hiddenInsideText(t, disguise)}
      </p>
      <p className="strength__disguise-note">{t('route.hiddenNote')}</p>
    </div>
  );
}
