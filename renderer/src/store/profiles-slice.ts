import type { ImportOutcome } from '../../../main/core/profiles/types';
import { CommandError, call, toPayload } from '../api/bridge';
import type { ProfilesSlice, SliceCreator } from './types';

export const createProfilesSlice: SliceCreator<ProfilesSlice> = (set, get, { api }) => ({
  profiles: [],
  profilesLoaded: false,
  profilesError: null,
  selectedProfileId: null,
  importing: false,
  importResults: null,
  importError: null,
  // Until app.info answers with its capabilities.
  folderImportAvailable: false,

  async refreshProfiles() {
    try {
      const profiles = await call(api, 'profiles.list', {});
      const selected = get().selectedProfileId;
      set({
        profiles,
        profilesLoaded: true,
        profilesError: null,
        selectedProfileId: selected && profiles.some((p) => p.id === selected) ? selected : null,
      });
    } catch (err) {
      set({ profilesLoaded: true, profilesError: toPayload(err) });
    }
  },

  selectProfile(id) {
    set({ selectedProfileId: id });
  },

  async importFiles(files, unreadable = []) {
    set({ importing: true, importError: null });
    try {
      const outcomes = files.length > 0 ? await call(api, 'profiles.import', { files }) : [];
      set({ importResults: [...outcomes, ...unreadable] });
      await get().refreshProfiles();
    } catch (err) {
      set({ importResults: unreadable.length > 0 ? unreadable : null, importError: toPayload(err) });
    } finally {
      set({ importing: false });
    }
  },

  async importFolder() {
    set({ importing: true, importError: null });
    try {
      const outcomes: ImportOutcome[] = await call(api, 'profiles.importDialog', { folder: true });
      // A cancelled picker answers with nothing: keep the previous results on screen.
      if (outcomes.length > 0) set({ importResults: outcomes });
      await get().refreshProfiles();
    } catch (err) {
      if (err instanceof CommandError && err.payload.code === 'unknown-command') {
        set({ folderImportAvailable: false });
      } else {
        set({ importError: toPayload(err) });
      }
    } finally {
      set({ importing: false });
    }
  },

  async removeProfile(id) {
    try {
      await call(api, 'profiles.remove', { id });
      await get().refreshProfiles();
    } catch (err) {
      set({ profilesError: toPayload(err) });
    }
  },

  dismissImport() {
    set({ importResults: null, importError: null });
  },
});
