import { ProfilesCard } from '../profiles/ProfilesCard';
import { QuickConnect } from '../connection/QuickConnect';
import { ServersCard } from '../servers/ServersCard';

/** Every imported server; pick one and connect without leaving the list. */
export function ServersView() {
  return (
    <div className="view view--single">
      <QuickConnect />
      <ServersCard />
      <ProfilesCard />
    </div>
  );
}
