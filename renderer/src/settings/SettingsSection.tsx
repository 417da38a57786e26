import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/Card';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';

export interface SettingsSectionProps {
  title: ReactNode;
  /** Dotted-key prefixes whose refused changes are shown in this section ('failover.', 'killSwitch.'). */
  keys: string[];
  intro?: ReactNode;
  children: ReactNode;
  testId?: string;
}

/** A group of settings with the engine's answer when it refused one of them. */
export function SettingsSection({ title, keys, intro, children, testId }: SettingsSectionProps) {
  const { t } = useTranslation();
  const error = useApp((s) => s.settingsError);
  const dismiss = useApp((s) => s.dismissSettingsError);
  const mine = error && error.key !== null && keys.some((prefix) => error.key?.startsWith(prefix));
  return (
    <Card title={title} className="settings-section">
      <div className="settings-section__body" data-testid={testId}>
        {intro ? <p className="muted">{intro}</p> : null}
        {children}
        {mine ? <ErrorNotice error={error.error} lead={t('settings.notSaved')} onDismiss={dismiss} /> : null}
      </div>
    </Card>
  );
}
