import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { Account } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';

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

  const [deleting, setDeleting] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();

  const confirm = async () => {
    setDeleting(true);
    setServerError(undefined);
    try {
      await passwordExportApi.deleteAccount(entityRef, account.id);
      onDeleted();
    } catch (error) {
      setServerError(describeError(error));
      setDeleting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={deleting ? undefined : onClose}
      aria-labelledby="password-export-delete-account-title"
    >
      <DialogTitle id="password-export-delete-account-title">
        Delete account?
      </DialogTitle>
      <DialogContent>
        {serverError && (
          <Alert severity="error" role="alert">
            {serverError}
          </Alert>
        )}
        <DialogContentText>
          The account "{account.name}" and its password will be deleted. This
          cannot be undone.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={deleting}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          color="secondary"
          variant="contained"
          disabled={deleting}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
