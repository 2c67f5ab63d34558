import { useCallback, useState } from 'react';
import { DialogApiDialog } from '@backstage/frontend-plugin-api';
import { ExportPasswordsDialog } from './ExportPasswordsDialog';

/** Props of {@link OpenedExportPasswordsDialog}. */
export interface OpenedExportPasswordsDialogProps {
  /** Handle from the dialog API's `open`. */
  dialog: DialogApiDialog;
  entityRefs: string[];
  /** URL of the synced copies page, for the export confirmation. */
  syncedCopiesLink?: string;
}

/**
 * The export dialog as opened through the dialog API. It stays mounted
 * after the dialog closes for as long as the export confirmation is shown,
 * and closes the handle only then.
 */
export function OpenedExportPasswordsDialog(
  props: OpenedExportPasswordsDialogProps,
) {
  const { dialog, entityRefs, syncedCopiesLink } = props;
  const [open, setOpen] = useState(true);

  const close = useCallback(() => setOpen(false), []);
  const finish = useCallback(() => dialog.close(), [dialog]);

  return (
    <ExportPasswordsDialog
      open={open}
      onClose={close}
      onFinished={finish}
      entityRefs={entityRefs}
      syncedCopiesLink={syncedCopiesLink}
    />
  );
}
