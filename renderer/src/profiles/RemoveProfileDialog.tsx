import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';

/** Removing deletes sealed keys, which cannot be undone from here: ask first. */
export function RemoveProfileDialog(props: {
  profile: ProfileSummary | null;
  onConfirm(id: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { profile, onConfirm, onClose } = props;
  return (
    <Dialog
      open={profile !== null}
      title={profile ? t('profiles.removeTitle', { name: profile.name }) : ''}
      closeLabel={t('settings.close')}
      onClose={onClose}
    >
      <p>{t('profiles.removeBody')}</p>
      <div className="dialog__actions">
        <Button variant="secondary" onClick={onClose}>
          {t('profiles.removeKeep')}
        </Button>
        <Button
          variant="danger"
          onClick={() => {
            if (profile) onConfirm(profile.id);
            onClose();
          }}
        >
          {t('profiles.remove')}
        </Button>
      </div>
    </Dialog>
  );
}
