import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../preload/contract';

/** Where Holdfast can connect today, said plainly (the engine refuses elsewhere with `platform-unsupported`). */
const ROWS = [
  { id: 'linux', name: 'shell.about.linux', status: 'shell.about.linuxStatus' },
  { id: 'appimage', name: 'shell.about.appImage', status: 'shell.about.appImageStatus' },
  { id: 'darwin', name: 'shell.about.macos', status: 'shell.about.previewStatus' },
  { id: 'win32', name: 'shell.about.windows', status: 'shell.about.previewStatus' },
] as const;

/** Which row describes the running app. */
function currentRow(info: Pick<AppInfo, 'platform' | 'distribution'>): string {
  if (info.platform === 'linux') return info.distribution === 'appimage' ? 'appimage' : 'linux';
  return info.platform;
}

export function PlatformSupport({ info }: { info: Pick<AppInfo, 'platform' | 'distribution'> }) {
  const { t } = useTranslation();
  const current = currentRow(info);
  return (
    <section className="about__platforms" data-testid="platform-support">
      <h3 className="settings-group__title">{t('shell.about.platforms')}</h3>
      <dl className="about__facts">
        {ROWS.map((row) => (
          <div key={row.id} data-current={row.id === current || undefined} data-testid={`platform-${row.id}`}>
            <dt>
              {t(row.name)}
              {row.id === current ? ` (${t('shell.about.thisSystem')})` : null}
            </dt>
            <dd>{t(row.status)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
