import type { PickerSlice, SliceCreator } from './types';

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
