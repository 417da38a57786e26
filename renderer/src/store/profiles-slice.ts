import type { ImportOutcome } from '../../../main/core/profiles/types';
import { CommandError, call, toPayload } from '../api/bridge';
import type { ProfilesSlice, SliceCreator } from './types';

/** A name for one import, so its progress events and Cancel find it. */
function newJobId(): string {
  return `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

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
  importJobId: null,
  importProgress: null,
  importCancelling: false,
  importCancelled: false,

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
    const jobId = newJobId();
    set({ importing: true, importError: null, importJobId: jobId, importProgress: null, importCancelled: false });
    try {
      const outcomes = files.length > 0 ? await call(api, 'profiles.import', { files, jobId }) : [];
      if (get().importCancelled) set({ importResults: null });
      else set({ importResults: [...outcomes, ...unreadable] });
      await get().refreshProfiles();
    } catch (err) {
      if (get().importCancelled) set({ importResults: null });
      else set({ importResults: unreadable.length > 0 ? unreadable : null, importError: toPayload(err) });
    } finally {
      set({ importing: false, importJobId: null, importProgress: null, importCancelling: false });
    }
  },

  async importFolder() {
    const jobId = newJobId();
    set({ importing: true, importError: null, importJobId: jobId, importProgress: null, importCancelled: false });
    try {
      const outcomes: ImportOutcome[] = await call(api, 'profiles.importDialog', { folder: true, jobId });
      // A cancelled picker answers with nothing: keep the previous results on screen.
      if (get().importCancelled) set({ importResults: null });
      else if (outcomes.length > 0) set({ importResults: outcomes });
      await get().refreshProfiles();
    } catch (err) {
      if (err instanceof CommandError && err.payload.code === 'unknown-command') {
        set({ folderImportAvailable: false });
      } else if (!get().importCancelled) {
        set({ importError: toPayload(err) });
      }
    } finally {
      set({ importing: false, importJobId: null, importProgress: null, importCancelling: false });
    }
  },

  receiveImportProgress(event) {
    if (event.jobId !== get().importJobId) return;
    const { type: _type, at: _at, ...progress } = event;
    set({ importProgress: progress, ...(progress.cancelled ? { importCancelled: true } : {}) });
  },

  async cancelImport() {
    const jobId = get().importJobId;
    if (!jobId || get().importCancelling) return;
    set({ importCancelling: true });
    try {
      const { cancelled } = await call(api, 'profiles.cancelImport', { jobId });
      if (cancelled) set({ importCancelled: true });
    } catch (err) {
      set({ importError: toPayload(err) });
    } finally {
      set({ importCancelling: false });
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
