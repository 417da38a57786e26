import { ProfilesCard } from '../profiles/ProfilesCard';
import { QuickConnect } from '../connection/QuickConnect';

/** Every imported server; pick one and connect without leaving the list. */
export function ServersView() {
  return (
    <div className="view view--single">
      <QuickConnect />
      <ProfilesCard />
    </div>
  );
}
