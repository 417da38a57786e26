import { useTranslation } from 'react-i18next';
import type { ImportOutcome } from '../../../main/core/profiles/types';
import { Badge, type Tone } from '../components/Badge';
import { Button } from '../components/Button';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';
import { ImportProgress } from './ImportProgress';
import { IssueList } from './IssueList';

function describe(outcome: ImportOutcome): { tone: Tone; labelKey: string } {
  switch (outcome.status) {
    case 'imported':
      return outcome.warnings.length > 0
        ? { tone: 'warn', labelKey: 'import.importedWithWarnings' }
        : { tone: 'good', labelKey: 'import.imported' };
    case 'duplicate':
      return { tone: 'neutral', labelKey: 'import.duplicate' };
    case 'refused':
      return { tone: 'bad', labelKey: 'import.refused' };
  }
}

/** One row per file of the last import: what happened and, when something was refused or changed, why. */
export function ImportResults() {
  const { t } = useTranslation();
  const results = useApp((s) => s.importResults);
  const error = useApp((s) => s.importError);
  const importing = useApp((s) => s.importing);
  const cancelled = useApp((s) => s.importCancelled);
  const dismiss = useApp((s) => s.dismissImport);

  return (
    <div className="import-results" aria-live="polite" aria-busy={importing}>
      {importing ? <ImportProgress /> : null}
      {!importing && cancelled ? (
        <p className="muted" data-testid="import-cancelled">
          {t('importProgress.cancelled')}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} onDismiss={dismiss} /> : null}
      {results && results.length > 0 ? (
        <>
          <div className="import-results__header">
            <h3 className="import-results__title">{t('import.title')}</h3>
            <Button variant="ghost" size="sm" onClick={dismiss}>
              {t('import.dismiss')}
            </Button>
          </div>
          <ul className="result-list" data-testid="import-results">
            {results.map((outcome, index) => {
              const { tone, labelKey } = describe(outcome);
              const issues = outcome.status === 'refused' ? outcome.errors : outcome.warnings;
              return (
                <li
                  key={`${outcome.file}-${index}`}
                  className={`result result--${outcome.status}`}
                  data-testid="import-result"
                  data-status={outcome.status}
                >
                  <div className="result__head">
                    <span className="result__file">{outcome.file}</span>
                    <Badge tone={tone}>{t(labelKey)}</Badge>
                  </div>
                  <IssueList issues={issues} />
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}
