import { useTranslation } from 'react-i18next';
import { Card } from '../components/Card';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../store/context';
import { IncidentItem } from './IncidentItem';

/** The activity timeline: every incident, newest first, the newest opened (and the one the user asked for). */
export function ActivityView() {
  const { t } = useTranslation();
  const incidents = useApp((s) => s.incidents);
  const loaded = useApp((s) => s.incidentsLoaded);
  const error = useApp((s) => s.incidentsError);
  const focus = useApp((s) => s.incidentFocus);
  const clearFocus = useApp((s) => s.clearIncidentFocus);

  return (
    <div className="view view--single">
      <Card title={t('activity.title')} className="activity-card">
        <p className="muted">{t('activity.intro')}</p>
        {error ? <ErrorNotice error={error} /> : null}
        {loaded && incidents.length === 0 && !error ? (
          <p className="empty" data-testid="activity-empty">
            {t('activity.empty')}
          </p>
        ) : null}
        {incidents.length > 0 ? (
          <ol className="incidents" data-testid="incidents">
            {incidents.map((incident, index) => (
              <IncidentItem
                key={incident.id}
                incident={incident}
                open={index === 0}
                focusRequest={focus?.id === incident.id ? focus.request : null}
                onShown={clearFocus}
              />
            ))}
          </ol>
        ) : null}
      </Card>
    </div>
  );
}
