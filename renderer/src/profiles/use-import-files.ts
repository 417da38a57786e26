import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';
import { readFilesForImport } from './read-files';

/** Reads files the user picked or dropped and hands them to the import command. */
export function useImportFiles(): (files: Iterable<File>) => Promise<void> {
  const { t } = useTranslation();
  const importFiles = useApp((s) => s.importFiles);
  return useCallback(
    async (files: Iterable<File>) => {
      const read = await readFilesForImport(files, (file) => t('import.readFailed', { file }));
      if (read.files.length === 0 && read.unreadable.length === 0) return;
      await importFiles(read.files, read.unreadable);
    },
    [importFiles, t],
  );
}
