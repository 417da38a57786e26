import type { SliceCreator } from './types';

export interface PickerSlice {
  /** The server picker is open over the connection view. */
  pickerOpen: boolean;
  openPicker(): void;
  closePicker(): void;
  /**
   * Connects to a server (switching if connected: the engine supersedes the running attempt and keeps the
   * kill switch up in between) with its first profile, and closes the picker.
   */
  connectServer(key: string): Promise<void>;
}

export const createPickerSlice: SliceCreator<PickerSlice> = (set, get) => ({
  pickerOpen: false,
  openPicker: () => set({ pickerOpen: true }),
  closePicker: () => set({ pickerOpen: false }),
  async connectServer(key) {
    const server = get().serverList?.servers.find((s) => s.key === key);
    const profileId = server?.profiles[0]?.id;
    if (!profileId) return;
    set({ pickerOpen: false, selectedProfileId: profileId });
    await get().connect(profileId);
  },
});
