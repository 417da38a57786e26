import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner';
import { useApp } from '../store/context';

/** Shown while tunnels cannot start: everything else still works, so the tone is informative, not alarming. */
export function PrivilegeBanner() {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  if (!info || info.privileged) return null;
  return (
    <Banner tone="info" title={t('privilege.title')}>
      <p>{info.privilegeHint ?? t('privilege.fallback')}</p>
    </Banner>
  );
}
