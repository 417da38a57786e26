import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { Badge } from '../components/Badge';
import { cx } from '../components/cx';
import { StrengthBadge } from '../security/StrengthBadge';
import { useProfileStrength } from '../security/use-strength';
import { IssueList } from './IssueList';

export interface ProfileRowProps {
  profile: ProfileSummary;
  chosen: boolean;
  connected: boolean;
  onChoose(id: string): void;
  onRemove(profile: ProfileSummary): void;
}

export function ProfileRow({ profile, chosen, connected, onChoose, onRemove }: ProfileRowProps) {
  const { t } = useTranslation();
  const strength = useProfileStrength(profile);
  const endpoint = profile.endpoints[0] ?? t('profiles.noEndpoint');
  const more = profile.endpoints.length > 1 ? ` +${profile.endpoints.length - 1}` : '';
  return (
    <div className={cx('profile', chosen && 'profile--chosen')} data-testid="profile-row" data-profile-id={profile.id}>
      <label className="profile__main">
        <input
          type="radio"
          name="connect-profile"
          className="profile__radio"
          checked={chosen}
          onChange={() => onChoose(profile.id)}
        />
        <span className="profile__text">
          <span className="profile__name">{profile.name}</span>
          <span className="profile__meta">
            <span className="profile__endpoint">
              {endpoint}
              {more}
            </span>
          </span>
        </span>
      </label>
      <div className="profile__badges">
        {connected ? <Badge tone="good">{t('state.connected')}</Badge> : null}
        <Badge>{t(`kind.${profile.kind}`)}</Badge>
        {strength ? <StrengthBadge strength={strength} testId="profile-strength" /> : null}
        <button
          type="button"
          className="btn btn--ghost btn--sm profile__remove"
          aria-label={t('profiles.removeLabel', { name: profile.name })}
          title={t('profiles.removeLabel', { name: profile.name })}
          onClick={() => onRemove(profile)}
        >
          {t('profiles.remove')}
        </button>
      </div>
      {profile.warnings.length > 0 ? (
        <details className="profile__warnings">
          <summary>
            <Badge tone="warn">{t('profiles.warnings', { count: profile.warnings.length })}</Badge>
          </summary>
          <p className="profile__warnings-title">{t('profiles.warningsTitle')}</p>
          <IssueList issues={profile.warnings} />
        </details>
      ) : null}
    </div>
  );
}
