import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { ConnectionCard } from '../connection/ConnectionCard';
import { DropOverlay } from '../profiles/DropOverlay';
import { ProfilesCard } from '../profiles/ProfilesCard';
import { useFileDrop } from '../profiles/use-file-drop';
import { useImportFiles } from '../profiles/use-import-files';
import { SettingsDialog } from '../settings/SettingsDialog';
import { useApp } from '../store/context';
import { PrivilegeBanner } from './PrivilegeBanner';
import { StatusPill } from './StatusPill';
import { useDisplayPrefs } from './use-display-prefs';

export function App() {
  const { t } = useTranslation();
  const openSettings = useApp((s) => s.openSettings);
  const importFiles = useImportFiles();
  const dragging = useFileDrop(importFiles);
  useDisplayPrefs();

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img className="brand__mark" src="./icon.svg" alt="" width={28} height={28} />
          <h1 className="brand__name">{t('app.name')}</h1>
        </div>
        <div className="topbar__end">
          <StatusPill />
          <Button variant="ghost" size="sm" onClick={openSettings}>
            {t('app.settings')}
          </Button>
        </div>
      </header>
      <main className="layout">
        <PrivilegeBanner />
        <ConnectionCard />
        <ProfilesCard />
      </main>
      <DropOverlay visible={dragging} />
      <SettingsDialog />
    </div>
  );
}
