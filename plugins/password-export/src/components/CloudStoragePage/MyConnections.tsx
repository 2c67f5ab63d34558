import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { DisconnectProviderDialog } from './DisconnectProviderDialog';
import { ReconnectProviderDialog } from './ReconnectProviderDialog';

/** Props of {@link MyConnections}. */
export interface MyConnectionsProps {
  providers: ProviderView[];
  /** Called after a connection was removed or renewed, to reload them. */
  onChanged: () => void;
}

const statusLabels = {
  connected: 'Connected',
  'reconnect-needed': 'Reconnect needed',
};

/**
 * "My connections": the current user's connections to cloud storage
 * providers, each with "Disconnect" behind a confirmation, and "Reconnect"
 * for a connection that the storage rejected.
 */
export function MyConnections(props: MyConnectionsProps) {
  const { providers, onChanged } = props;
  const [confirming, setConfirming] = useState<ProviderView | undefined>();
  const [reconnecting, setReconnecting] = useState<ProviderView | undefined>();

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
                    <Box display="flex" gridGap={4}>
                      {connection.status === 'reconnect-needed' && (
                        <Button
                          size="small"
                          color="primary"
                          aria-label={`Reconnect ${provider.title}`}
                          onClick={() => setReconnecting(provider)}
                        >
                          Reconnect
                        </Button>
                      )}
                      <Button
                        size="small"
                        aria-label={`Disconnect ${provider.title}`}
                        onClick={() => setConfirming(provider)}
                      >
                        Disconnect
                      </Button>
                    </Box>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {confirming && (
        <DisconnectProviderDialog
          provider={confirming}
          onClose={() => setConfirming(undefined)}
          onDisconnected={() => {
            setConfirming(undefined);
            onChanged();
          }}
        />
      )}
      {reconnecting && (
        <ReconnectProviderDialog
          provider={reconnecting}
          onClose={() => setReconnecting(undefined)}
          onReconnected={() => {
            setReconnecting(undefined);
            onChanged();
          }}
        />
      )}
    </InfoCard>
  );
}
