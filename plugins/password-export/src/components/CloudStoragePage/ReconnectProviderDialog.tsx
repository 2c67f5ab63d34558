import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { ProviderConnectionForm } from '../ProviderConnectionForm';

/** Props of {@link ReconnectProviderDialog}. */
export interface ReconnectProviderDialogProps {
  provider: ProviderView;
  onClose: () => void;
  onReconnected: () => void;
}

/**
 * Runs the provider's connection flow again for a connection whose
 * credentials or authorization the storage rejected.
 */
export function ReconnectProviderDialog(props: ReconnectProviderDialogProps) {
  const { provider, onClose, onReconnected } = props;
  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="password-export-reconnect-title"
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id="password-export-reconnect-title">
        Reconnect {provider.title}
      </DialogTitle>
      <DialogContent>
        <ProviderConnectionForm
          provider={provider}
          onConnected={onReconnected}
          showHeading={false}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
