import { ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { describeError } from '../describeError';

/** Props of {@link ConfirmActionDialog}. */
export interface ConfirmActionDialogProps {
  /** Id of the title element, unique on the page. */
  titleId: string;
  title: string;
  /** Description of the action's effect, shown above the buttons. */
  children: ReactNode;
  /** Label of the button that runs the action. */
  confirmLabel: string;
  /** Runs the action. A rejection keeps the dialog open with its message. */
  onConfirm: () => Promise<void>;
  onClose: () => void;
}

/**
 * Asks the user to confirm an action that cannot be undone, runs it, and
 * shows the backend's message if it fails.
 */
export function ConfirmActionDialog(props: ConfirmActionDialogProps) {
  const { titleId, title, children, confirmLabel, onConfirm, onClose } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
    } catch (actionError) {
      setError(describeError(actionError));
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <DialogContentText component="div">{children}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          onClick={confirm}
          color="secondary"
          variant="contained"
          disabled={busy}
        >
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
