import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { useApp } from '../../store/context';
import { ServerPicker } from './ServerPicker';

/** The picker over the connection view; the search box has the cursor as soon as it opens. */
export function PickerDialog() {
  const { t } = useTranslation();
  const open = useApp((s) => s.pickerOpen);
  const close = useApp((s) => s.closePicker);
  const searchRef = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open={open}
      title={t('picker.title')}
      closeLabel={t('picker.close')}
      onClose={close}
      initialFocus={searchRef}
      className="dialog--picker"
      testId="picker-dialog"
    >
      <ServerPicker searchRef={searchRef} />
    </Dialog>
  );
}
