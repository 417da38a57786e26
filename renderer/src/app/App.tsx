import { useCallback, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityView } from '../activity/ActivityView';
import { Toasts } from '../activity/Toasts';
import { CredentialsDialog } from '../credentials/CredentialsDialog';
import { DropOverlay } from '../profiles/DropOverlay';
import { useFileDrop } from '../profiles/use-file-drop';
import { useImportFiles } from '../profiles/use-import-files';
import { RecoveryBanner } from '../recovery/RecoveryBanner';
import { SettingsView } from '../settings/SettingsView';
import { useApp } from '../store/context';
import type { View } from '../store/types';
import { ConnectionView } from '../views/ConnectionView';
import { ServersView } from '../views/ServersView';
import { NavBar } from './NavBar';
import { PrivilegeBanner } from './PrivilegeBanner';
import { StatusPill } from './StatusPill';
import { useDisplayPrefs } from './use-display-prefs';
import { useShellNavigation } from './use-shell-navigation';

const VIEW_COMPONENTS: Record<View, ComponentType> = {
  connection: ConnectionView,
  servers: ServersView,
  activity: ActivityView,
  settings: SettingsView,
};

export function App() {
  const { t } = useTranslation();
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  const importFiles = useImportFiles();
  // Dropped files are imported wherever they land; the results are shown with the server list.
  const onDrop = useCallback(
    (files: File[]) => {
      setView('servers');
      void importFiles(files);
    },
    [importFiles, setView],
  );
  const dragging = useFileDrop(onDrop);
  useDisplayPrefs();
  useShellNavigation();
  const Current = VIEW_COMPONENTS[view];

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img className="brand__mark" src="./icon.svg" alt="" width={28} height={28} />
          <h1 className="brand__name">{t('app.name')}</h1>
        </div>
        <NavBar />
        <div className="topbar__end">
          <StatusPill />
        </div>
      </header>
      <main className="main" data-view={view}>
        <div className="banners">
          <RecoveryBanner />
          <PrivilegeBanner />
        </div>
        <Current />
      </main>
      <Toasts />
      <DropOverlay visible={dragging} />
      <CredentialsDialog />
    </div>
  );
}
