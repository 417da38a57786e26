import { useTranslation } from 'react-i18next';

export function DropOverlay({ visible }: { visible: boolean }) {
  const { t } = useTranslation();
  if (!visible) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay__panel">
        <p className="drop-overlay__title">{t('import.dropTitle')}</p>
        <p className="drop-overlay__hint">{t('import.dropHint')}</p>
      </div>
    </div>
  );
}
