import { call, toPayload } from '../api/bridge';
import { dropToast, pushToast, sortIncidents, upsertIncident } from '../activity/fold';
import type { ActivitySlice, SliceCreator } from './types';

const documentHasFocus = (): boolean => typeof document === 'undefined' || document.hasFocus();

/** Numbers every request to show an incident, so asking for the same one twice shows it twice. */
let focusRequests = 0;

export const createActivitySlice: SliceCreator<ActivitySlice> = (set, get, { api, isFocused = documentHasFocus }) => ({
  incidents: [],
  incidentsLoaded: false,
  incidentsError: null,
  toasts: [],
  incidentFocus: null,

  async loadIncidents() {
    try {
      const list = await call(api, 'incidents.list', {});
      // Events may have arrived while the list was on its way; keep whichever copy of a record is there.
      set((s) => ({
        incidents: s.incidents.reduce(upsertIncident, sortIncidents(list)),
        incidentsLoaded: true,
        incidentsError: null,
      }));
    } catch (err) {
      const payload = toPayload(err);
      set({ incidentsLoaded: true, incidentsError: payload.code === 'unknown-command' ? null : payload });
    }
  },

  async openIncident(id) {
    const focus = { id, request: (focusRequests += 1) };
    get().setView('activity');
    set({ incidentFocus: focus });
    const known = () => get().incidents.some((incident) => incident.id === id);
    if (known()) return;
    // A notification can be clicked before its incident reached this window (or after a reload).
    await get().loadIncidents();
    // Still unknown (pruned from the history): the timeline shows as it is, newest opened.
    if (!known() && get().incidentFocus === focus) set({ incidentFocus: null });
  },

  clearIncidentFocus() {
    set({ incidentFocus: null });
  },

  receiveIncident(incident) {
    set((s) => ({ incidents: upsertIncident(s.incidents, incident) }));
  },

  receiveNotification(notification) {
    // With the window in the background the shell shows a system notification instead; where there is
    // none (the browser harness), the toast is the only way to hear about it.
    const systemShowsIt = get().info?.capabilities?.systemNotifications ?? false;
    if (systemShowsIt && !isFocused()) return;
    set((s) => ({ toasts: pushToast(s.toasts, notification) }));
  },

  dismissToast(id) {
    set((s) => ({ toasts: dropToast(s.toasts, id) }));
  },
});
