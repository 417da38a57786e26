import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';
import { PlatformSupport } from './PlatformSupport';

export function AboutSection() {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  if (!info) return null;
  const vault = info.vault;
  return (
    <div className="about">
      <dl className="about__facts">
        <div>
          <dt>{t('settings.version')}</dt>
          <dd>{info.version}</dd>
        </div>
        <div>
          <dt>{t('settings.platform')}</dt>
          <dd>{info.platform}</dd>
        </div>
        <div>
          <dt>{t('settings.secrets')}</dt>
          <dd data-testid="vault-strength">{t(`vault.${vault.strength}`)}</dd>
        </div>
      </dl>
      {vault.strength !== 'os-keychain' ? (
        // Our own sentence rather than the engine's: it is translated and says the same.
        <p className="about__note" data-testid="vault-warning">
          {t(`vault.note.${vault.strength}`)}
        </p>
      ) : null}
      <PlatformSupport info={info} />
    </div>
  );
}
