import { ConnectionCard } from '../connection/ConnectionCard';
import { StrengthPanel } from '../security/StrengthPanel';

/** The connection and, beside it (below on a narrow window), how strong its encryption is and why. */
export function ConnectionView() {
  return (
    <div className="view view--split">
      <ConnectionCard />
      <StrengthPanel />
    </div>
  );
}
