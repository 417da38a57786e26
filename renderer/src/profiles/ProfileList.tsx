import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { preferredProfileId } from '../servers/preferred';
import { useApp } from '../store/context';
import { ProfileRow } from './ProfileRow';
import { RemoveProfileDialog } from './RemoveProfileDialog';

/** Below this a plain list is cheaper and every row stays in the accessibility tree. */
export const VIRTUALIZE_ABOVE = 150;

export function ProfileList() {
  const { t } = useTranslation();
  const profiles = useApp((s) => s.profiles);
  const loaded = useApp((s) => s.profilesLoaded);
  // The same default as the Connect button: the selected profile, else the preferred server's, else the first.
  const chosenId = useApp((s) => s.selectedProfileId ?? preferredProfileId(s) ?? s.profiles[0]?.id ?? null);
  const connectedId = useApp((s) => (s.connection.state === 'connected' ? s.connection.profileId : null));
  const choose = useApp((s) => s.selectProfile);
  const remove = useApp((s) => s.removeProfile);
  const [removing, setRemoving] = useState<ProfileSummary | null>(null);

  if (!loaded) return null;
  if (profiles.length === 0) {
    return (
      <p className="empty" data-testid="profiles-empty">
        {t('profiles.empty')}
      </p>
    );
  }
  const row = (profile: ProfileSummary) => (
    <ProfileRow
      profile={profile}
      chosen={profile.id === chosenId}
      connected={profile.id === connectedId}
      onChoose={choose}
      onRemove={setRemoving}
    />
  );
  return (
    <>
      <fieldset className="profile-list" data-testid="profile-list">
        <legend className="visually-hidden">{t('profiles.listLabel')}</legend>
        {profiles.length > VIRTUALIZE_ABOVE ? (
          <VirtualRows profiles={profiles} render={row} />
        ) : (
          <ul className="profile-list__rows">
            {profiles.map((p) => (
              <li key={p.id}>{row(p)}</li>
            ))}
          </ul>
        )}
      </fieldset>
      <RemoveProfileDialog profile={removing} onConfirm={(id) => void remove(id)} onClose={() => setRemoving(null)} />
    </>
  );
}

function VirtualRows({
  profiles,
  render,
}: {
  profiles: ProfileSummary[];
  render(profile: ProfileSummary): React.ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer returns fresh functions each render by design; the compiler lint cannot know that is safe.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: profiles.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    overscan: 8,
    getItemKey: (index) => profiles[index]?.id ?? index,
  });
  return (
    <div ref={scrollRef} className="profile-list__scroll">
      <ul className="profile-list__rows profile-list__rows--virtual" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const profile = profiles[item.index];
          if (!profile) return null;
          return (
            <li
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className="profile-list__virtual-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {render(profile)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
