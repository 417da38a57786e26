import { call, toPayload } from '../api/bridge';
import type { CredentialsSlice, SliceCreator } from './types';

/**
 * The question for a username and password. The password passes through `provideCredentials` as an
 * argument straight into the command and is never written to the store.
 */
export const createCredentialsSlice: SliceCreator<CredentialsSlice> = (set, get, { api }) => ({
  credentialsRequest: null,
  credentialsError: null,
  credentialsForgotten: null,

  receiveCredentialsRequest(request) {
    set({ credentialsRequest: request, credentialsError: null });
  },

  async provideCredentials(username, password, remember) {
    const request = get().credentialsRequest;
    if (!request) return false;
    set({ credentialsRequest: null, credentialsError: null });
    try {
      const { accepted } = await call(api, 'credentials.provide', {
        requestId: request.requestId,
        username,
        password,
        remember,
      });
      return accepted;
    } catch (err) {
      set({ credentialsError: toPayload(err) });
      return false;
    }
  },

  async cancelCredentials() {
    const request = get().credentialsRequest;
    if (!request) return;
    set({ credentialsRequest: null, credentialsError: null });
    try {
      await call(api, 'credentials.cancel', { requestId: request.requestId });
    } catch (err) {
      set({ credentialsError: toPayload(err) });
    }
  },

  async forgetCredentials(profileId) {
    set({ credentialsForgotten: null, settingsError: null });
    try {
      const { forgotten } = await call(api, 'credentials.forget', { profileId });
      set({ credentialsForgotten: { profileId, forgotten } });
    } catch (err) {
      // Asked from the settings view: the error shows there.
      set({ settingsError: { key: 'credentials.forget', error: toPayload(err) } });
    }
  },
});
