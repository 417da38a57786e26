import { useTranslation } from 'react-i18next';
import { Banner } from '../components/Banner';
import { useApp } from '../store/context';

const PLATFORM_NAMES: Record<string, string> = { darwin: 'macOS', win32: 'Windows' };

/** Shown while tunnels cannot start: everything else still works, so the tone is informative, not alarming. */
export function PrivilegeBanner() {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  if (!info) return null;
  // A preview system cannot connect even with administrator rights: say why, in the user's language.
  if (info.platform !== 'linux') {
    return (
      <Banner tone="info" title={t('shell.platform.previewTitle')}>
        <p>{t('shell.platform.previewBody', { platform: PLATFORM_NAMES[info.platform] ?? info.platform })}</p>
      </Banner>
    );
  }
  if (info.privileged) return null;
  if (info.distribution === 'appimage') {
    return (
      <Banner tone="info" title={t('shell.platform.appImageTitle')}>
        <p>{t('shell.platform.appImageBody')}</p>
      </Banner>
    );
  }
  return (
    <Banner tone="info" title={t('privilege.title')}>
      <p>{info.privilegeHint ?? t('privilege.fallback')}</p>
    </Banner>
  );
}
