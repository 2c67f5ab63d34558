import IconButton from '@material-ui/core/IconButton';
import Link from '@material-ui/core/Link';
import Snackbar, { SnackbarCloseReason } from '@material-ui/core/Snackbar';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Link as AppLink } from '@backstage/core-components';

/** A finished download whose confirmation is on screen. */
export interface DownloadConfirmation {
  kind: 'download';
  fileName: string;
  /** Lowercase hex SHA-256 of the file, when known. */
  sha256?: string;
  /** Object URL of the file, valid while the confirmation is open. */
  objectUrl: string;
}

/** A finished upload to cloud storage whose confirmation is on screen. */
export interface CloudConfirmation {
  kind: 'cloud';
  fileName: string;
  /** Lowercase hex SHA-256 of the uploaded file. */
  sha256: string;
  /** Display name of the provider, such as "Amazon S3". */
  providerTitle: string;
  /** Place of the file, such as `s3://bucket/key`. */
  location: string;
  /** Whether the backend keeps the file up to date as a synced copy. */
  keptUpToDate: boolean;
  /** URL of the synced copies page, when the app has one. */
  syncedCopiesLink?: string;
}

/** A finished export whose confirmation is on screen. */
export type ExportConfirmation = DownloadConfirmation | CloudConfirmation;

/** Props of {@link ExportConfirmationSnackbar}. */
export interface ExportConfirmationSnackbarProps {
  confirmation: ExportConfirmation;
  onClose: () => void;
}

// Long enough to read a hash prefix aloud and compare it.
const SHORT_HASH_LENGTH = 12;

/** Time before the confirmation closes by itself, in ms. */
export const CONFIRMATION_DURATION_MS = 60_000;

function ShortHash(props: { sha256?: string }) {
  if (!props.sha256) {
    return null;
  }
  return (
    <div>
      SHA-256:{' '}
      <abbr title={props.sha256}>
        {props.sha256.slice(0, SHORT_HASH_LENGTH)}…
      </abbr>
    </div>
  );
}

function DownloadDetails(props: { confirmation: DownloadConfirmation }) {
  const { confirmation } = props;
  return (
    <>
      <AlertTitle>Passwords exported</AlertTitle>
      <div>{confirmation.fileName}</div>
      <ShortHash sha256={confirmation.sha256} />
      {/* NOTE: a blob URL has the portal's origin, so the opened file runs
          with it; the encrypted HTML viewer forbids network requests. */}
      <Link
        href={confirmation.objectUrl}
        target="_blank"
        rel="noopener noreferrer"
      >
        Open file
      </Link>
    </>
  );
}

function CloudDetails(props: { confirmation: CloudConfirmation }) {
  const { confirmation } = props;
  return (
    <>
      <AlertTitle>Passwords synced</AlertTitle>
      <div>
        Synced to {confirmation.providerTitle}: {confirmation.location}
      </div>
      <ShortHash sha256={confirmation.sha256} />
      {confirmation.keptUpToDate && (
        <div>
          The file is kept up to date when its accounts change.
          {confirmation.syncedCopiesLink && (
            <>
              {' '}
              <AppLink to={confirmation.syncedCopiesLink}>
                Manage synced copies
              </AppLink>
            </>
          )}
        </div>
      )}
    </>
  );
}

/**
 * A confirmation in the bottom-left corner with a short form of the
 * exported file's SHA-256: for a download, the file name and a link that
 * opens the file; for cloud storage, the provider and the file's location.
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
        {confirmation.kind === 'download' ? (
          <DownloadDetails confirmation={confirmation} />
        ) : (
          <CloudDetails confirmation={confirmation} />
        )}
      </Alert>
    </Snackbar>
  );
}
