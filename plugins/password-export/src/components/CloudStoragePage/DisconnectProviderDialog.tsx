import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import LinearProgress from '@material-ui/core/LinearProgress';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import useAsync from 'react-use/esm/useAsync';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';

/** Props of {@link DisconnectProviderDialog}. */
export interface DisconnectProviderDialogProps {
  provider: ProviderView;
  onClose: () => void;
  onDisconnected: () => void;
}

function copiesLabel(count: number | undefined, providerTitle: string) {
  if (count === undefined) {
    return `Also delete my synced copies from ${providerTitle}`;
  }
  const noun = count === 1 ? 'synced copy' : 'synced copies';
  return `Also delete my ${count} ${noun} from ${providerTitle}`;
}

/**
 * Confirms removing the user's connection to a provider, and offers to
 * delete the files of the user's synced copies in it too, off by default.
 */
export function DisconnectProviderDialog(props: DisconnectProviderDialogProps) {
  const { provider, onClose, onDisconnected } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [deleteCopies, setDeleteCopies] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const copies = useAsync(
    () => passwordExportApi.listSyncedCopies(),
    [passwordExportApi],
  );
  const copyCount = copies.value?.filter(
    copy => copy.providerId === provider.id,
  ).length;
  // Without the list, the dialog cannot rule out copies, so it still offers
  // to delete them.
  const offerDeletion =
    copies.error !== undefined || (copyCount !== undefined && copyCount > 0);
  const secretKind =
    provider.connectionMethod === 'credentials-form'
      ? 'credentials'
      : 'authorization';

  const disconnect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await passwordExportApi.disconnectProvider(provider.id, {
        deleteCopies: offerDeletion && deleteCopies,
      });
      onDisconnected();
    } catch (disconnectError) {
      setError(describeError(disconnectError));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      aria-labelledby="password-export-disconnect-title"
    >
      <DialogTitle id="password-export-disconnect-title">
        Disconnect {provider.title}?
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <DialogContentText>
          The portal forgets the saved {secretKind} for{' '}
          {provider.connection?.accountLabel}. Synced files stay in your storage
          unless you delete them here, but they are no longer kept up to date.
          To sync again, connect again.
        </DialogContentText>
        {copies.loading && (
          <LinearProgress aria-label="Loading synced copies" />
        )}
        {offerDeletion && (
          <>
            <FormControlLabel
              control={
                <Checkbox
                  checked={deleteCopies}
                  onChange={event => setDeleteCopies(event.target.checked)}
                  disabled={busy}
                />
              }
              label={copiesLabel(copyCount, provider.title)}
            />
            {copies.error && (
              <FormHelperText>
                The synced copies could not be counted:{' '}
                {describeError(copies.error)}
              </FormHelperText>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        {/* Disconnecting before the copies have loaded keeps them, which
            is the default anyway. */}
        <Button color="secondary" onClick={disconnect} disabled={busy}>
          Disconnect
        </Button>
      </DialogActions>
    </Dialog>
  );
}
