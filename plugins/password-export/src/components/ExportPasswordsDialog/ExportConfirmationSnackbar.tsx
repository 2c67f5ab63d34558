import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Snackbar, { SnackbarCloseReason } from '@material-ui/core/Snackbar';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** A finished export whose confirmation is on screen. */
export interface ExportConfirmation {
  fileName: string;
  /** Lowercase hex SHA-256 of the file, when known. */
  sha256?: string;
  /** Object URL of the file, valid while the confirmation is open. */
  objectUrl: string;
}

/** Props of {@link ExportConfirmationSnackbar}. */
export interface ExportConfirmationSnackbarProps {
  confirmation: ExportConfirmation;
  onClose: () => void;
}

// Long enough to read a hash prefix aloud and compare it.
const SHORT_HASH_LENGTH = 12;

/** Time before the confirmation closes by itself, in ms. */
export const CONFIRMATION_DURATION_MS = 60_000;

/**
 * A confirmation in the bottom-left corner with the exported file's name, a
 * short form of its SHA-256 and a link that opens the file.
 */
export function ExportConfirmationSnackbar(
  props: ExportConfirmationSnackbarProps,
) {
  const { confirmation, onClose } = props;

  // A click elsewhere on the page must not close it: the user may still
  // want the link or the hash.
  const handleClose = (_event: unknown, reason?: SnackbarCloseReason) => {
    if (reason !== 'clickaway') {
      onClose();
    }
  };

  return (
    <Snackbar
      open
      anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      autoHideDuration={CONFIRMATION_DURATION_MS}
      onClose={handleClose}
    >
      <Alert
        severity="success"
        role="status"
        action={
          <IconButton
            aria-label="Close"
            color="inherit"
            size="small"
            onClick={onClose}
          >
            <CloseIcon fontSize="small" />
          </IconButton>
        }
      >
        <AlertTitle>Passwords exported</AlertTitle>
        <div>{confirmation.fileName}</div>
        {confirmation.sha256 && (
          <div>
            SHA-256:{' '}
            <abbr title={confirmation.sha256}>
              {confirmation.sha256.slice(0, SHORT_HASH_LENGTH)}…
            </abbr>
          </div>
        )}
        {/* NOTE: a blob URL has the portal's origin, so the opened file runs
            with it; the encrypted HTML viewer forbids network requests. */}
        <Link
          href={confirmation.objectUrl}
          target="_blank"
          rel="noopener noreferrer"
        >
          Open file
        </Link>
      </Alert>
    </Snackbar>
  );
}
