import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { useApp } from '../store/context';

/** A short import just finishes; one that takes longer than this shows its counts and a Cancel button. */
export const PROGRESS_AFTER_MS = 400;

/** While an import runs: "Importing…", then files read, imported and refused, with Cancel. */
export function ImportProgress() {
  const { t } = useTranslation();
  const progress = useApp((s) => s.importProgress);
  const cancelling = useApp((s) => s.importCancelling);
  const cancel = useApp((s) => s.cancelImport);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), PROGRESS_AFTER_MS);
    return () => clearTimeout(timer);
  }, []);

  if (!shown || !progress) return <p className="muted">{t('import.working')}</p>;
  const counts = { read: progress.read, total: progress.total, imported: progress.imported, refused: progress.refused };
  return (
    <div className="import-progress" data-testid="import-progress">
      <div className="import-progress__row">
        <strong>{t('importProgress.title')}</strong>
        <Button
          size="sm"
          variant="ghost"
          disabled={cancelling}
          onClick={() => void cancel()}
          data-testid="import-cancel"
        >
          {cancelling ? t('importProgress.cancelling') : t('importProgress.cancel')}
        </Button>
      </div>
      <progress
        className="import-progress__bar"
        max={progress.total > 0 ? progress.total : undefined}
        value={progress.total > 0 ? progress.read : undefined}
        aria-label={t('importProgress.title')}
      />
      <p className="import-progress__row" data-testid="import-progress-counts">
        {progress.total > 0 ? t('importProgress.counts', counts) : t('importProgress.countsUnknown', counts)}
        {progress.updated > 0 ? <span>{t('importProgress.updated', { count: progress.updated })}</span> : null}
      </p>
    </div>
  );
}
