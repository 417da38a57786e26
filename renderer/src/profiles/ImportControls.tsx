import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { useApp } from '../store/context';
import { useImportFiles } from './use-import-files';

export function ImportControls() {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const importing = useApp((s) => s.importing);
  const folderAvailable = useApp((s) => s.folderImportAvailable);
  const importFolder = useApp((s) => s.importFolder);
  const importFiles = useImportFiles();

  return (
    <div className="import-controls">
      <input
        ref={inputRef}
        type="file"
        multiple
        accept=".conf,.ovpn,.zip,.txt,.json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('profiles.chooseFiles')}
        data-testid="import-input"
        onChange={(event) => {
          const input = event.currentTarget;
          const files = [...(input.files ?? [])];
          // Clear so that choosing the same file again still fires a change.
          input.value = '';
          void importFiles(files);
        }}
      />
      <Button variant="secondary" size="sm" disabled={importing} onClick={() => inputRef.current?.click()}>
        {t('profiles.chooseFiles')}
      </Button>
      {folderAvailable ? (
        <Button variant="secondary" size="sm" disabled={importing} onClick={() => void importFolder()}>
          {t('profiles.chooseFolder')}
        </Button>
      ) : null}
    </div>
  );
}
