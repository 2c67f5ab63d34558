import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';

/** Props of {@link MyConnections}. */
export interface MyConnectionsProps {
  providers: ProviderView[];
  /** Called after a connection was removed, to reload the providers. */
  onChanged: () => void;
}

const statusLabels = {
  connected: 'Connected',
  'reconnect-needed': 'Reconnect needed',
};

function DisconnectDialog(props: {
  provider: ProviderView;
  onClose: () => void;
  onDisconnected: () => void;
}) {
  const { provider, onClose, onDisconnected } = props;
  const passwordExportApi = useApi(passwordExportApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const disconnect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await passwordExportApi.disconnectProvider(provider.id);
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
          The portal forgets the credentials of{' '}
          {provider.connection?.accountLabel}. Files already synced stay in your
          storage. To sync again, connect again.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button color="secondary" onClick={disconnect} disabled={busy}>
          Disconnect
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * "My connections": the current user's connections to cloud storage
 * providers, each with "Disconnect" behind a confirmation.
 */
export function MyConnections(props: MyConnectionsProps) {
  const { providers, onChanged } = props;
  const [confirming, setConfirming] = useState<ProviderView | undefined>();

  const connected = providers.filter(provider => provider.connection);

  return (
    <InfoCard title="My connections" titleTypographyProps={{ component: 'h2' }}>
      {connected.length === 0 ? (
        <Typography variant="body2">
          You have not connected any cloud storage. The export dialog offers to
          connect when you choose a cloud destination.
        </Typography>
      ) : (
        <Table size="small" aria-label="My connections">
          <TableHead>
            <TableRow>
              <TableCell>Provider</TableCell>
              <TableCell>Account</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Last used</TableCell>
              <TableCell>
                <Typography variant="srOnly">Actions</Typography>
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {connected.map(provider => {
              const connection = provider.connection!;
              return (
                <TableRow key={provider.id}>
                  <TableCell>{provider.title}</TableCell>
                  <TableCell>{connection.accountLabel}</TableCell>
                  <TableCell>{statusLabels[connection.status]}</TableCell>
                  <TableCell>
                    {connection.lastUsedAt ? (
                      <time dateTime={connection.lastUsedAt}>
                        {new Date(connection.lastUsedAt).toLocaleString()}
                      </time>
                    ) : (
                      'Never'
                    )}
                  </TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      aria-label={`Disconnect ${provider.title}`}
                      onClick={() => setConfirming(provider)}
                    >
                      Disconnect
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {confirming && (
        <DisconnectDialog
          provider={confirming}
          onClose={() => setConfirming(undefined)}
          onDisconnected={() => {
            setConfirming(undefined);
            onChanged();
          }}
        />
      )}
    </InfoCard>
  );
}
