import { useApi } from '@backstage/frontend-plugin-api';
import { Account } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { ConfirmActionDialog } from '../ConfirmActionDialog';

/** Props of {@link DeleteAccountDialog}. */
export interface DeleteAccountDialogProps {
  entityRef: string;
  account: Account;
  onClose: () => void;
  onDeleted: () => void;
}

/** A dialog that requires confirmation before it deletes an account. */
export function DeleteAccountDialog(props: DeleteAccountDialogProps) {
  const { entityRef, account, onClose, onDeleted } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const deleteAccount = async () => {
    await passwordExportApi.deleteAccount(entityRef, account.id);
    onDeleted();
  };

  return (
    <ConfirmActionDialog
      titleId="password-export-delete-account-title"
      title="Delete account?"
      confirmLabel="Delete"
      onConfirm={deleteAccount}
      onClose={onClose}
    >
      The account "{account.name}" and its password will be deleted. This cannot
      be undone.
    </ConfirmActionDialog>
  );
}
