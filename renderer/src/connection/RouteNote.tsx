import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';
import { routeReasonText } from './disguise-text';

/** One calm line on the card of a disguised connection: which disguise, and why Holdfast used it. */
export function RouteNote() {
  const { t } = useTranslation();
  const route = useApp((s) => (s.connection.state === 'connected' ? s.connection.route : null));
  if (!route) return null;
  return (
    <p
      className="route-note"
      data-testid="route-note"
      data-why={route.why}
      data-kind={route.disguise.kind}
      // Where a censor sees the connection go, for whoever wants to know.
      title={route.disguise.server}
    >
      {routeReasonText(t, route)}
    </p>
  );
}
