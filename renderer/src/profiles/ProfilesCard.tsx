import { useTranslation } from 'react-i18next';
import { Card } from '../components/Card';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';
import { ImportControls } from './ImportControls';
import { ImportResults } from './ImportResults';
import { ProfileList } from './ProfileList';

export function ProfilesCard() {
  const { t } = useTranslation();
  const count = useApp((s) => s.profiles.length);
  const error = useApp((s) => s.profilesError);
  return (
    <Card
      title={
        <>
          {t('profiles.title')}
          {count > 0 ? (
            <span className="card__count" title={t('profiles.count', { count })}>
              <span aria-hidden="true">{count}</span>
              <span className="visually-hidden">{t('profiles.count', { count })}</span>
            </span>
          ) : null}
        </>
      }
      actions={<ImportControls />}
      className="profiles-card"
    >
      <ImportResults />
      {error ? <ErrorNotice error={error} /> : null}
      <ProfileList />
    </Card>
  );
}
