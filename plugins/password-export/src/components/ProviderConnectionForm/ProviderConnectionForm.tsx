import { useCallback } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ConnectionView,
  ProviderView,
} from '@internal/backstage-plugin-password-export-common';
import useLatest from 'react-use/esm/useLatest';
import { CodePasteConnectionForm } from './CodePasteConnectionForm';
import { CredentialsConnectionForm } from './CredentialsConnectionForm';
import { RedirectConnectionForm } from './RedirectConnectionForm';

/** Props of {@link ProviderConnectionForm}. */
export interface ProviderConnectionFormProps {
  provider: ProviderView;
  /** Called with the new connection once the backend has saved it. */
  onConnected: (connection: ConnectionView) => void;
  /**
   * Whether the form shows its "Connect …" heading; a host that titles the
   * form itself, such as a dialog, turns it off.
   */
  showHeading?: boolean;
}

function ReconnectNotice(props: { provider: ProviderView }) {
  const { provider } = props;
  if (provider.connection?.status !== 'reconnect-needed') {
    return null;
  }
  const { accountLabel } = provider.connection;
  return (
    <Alert severity="warning">
      {provider.connectionMethod === 'credentials-form'
        ? `${provider.title} no longer accepts the saved credentials for ${accountLabel}. Enter them again to reconnect.`
        : `${provider.title} no longer accepts the saved authorization for ${accountLabel}. Select Reconnect to authorize the portal again.`}
    </Alert>
  );
}

function ConnectionMethodForm(props: {
  provider: ProviderView;
  onConnected: (connection: ConnectionView) => void;
}) {
  const { provider, onConnected } = props;
  const startLabel =
    provider.connection?.status === 'reconnect-needed'
      ? 'Reconnect'
      : 'Authorize';

  switch (provider.connectionMethod) {
    case 'credentials-form':
      return (
        <CredentialsConnectionForm
          provider={provider}
          onConnected={onConnected}
        />
      );
    case 'oauth-code-paste':
      return (
        <CodePasteConnectionForm
          provider={provider}
          startLabel={startLabel}
          onConnected={onConnected}
        />
      );
    case 'oauth-redirect':
      return (
        <RedirectConnectionForm
          provider={provider}
          startLabel={startLabel}
          onConnected={onConnected}
        />
      );
    default:
      return (
        <Alert severity="error">
          This portal cannot connect {provider.title}: its connection method is
          unknown. Update the password export plugin.
        </Alert>
      );
  }
}

/**
 * Connects the user to a cloud storage provider by the provider's
 * connection method: a form of credentials, an authorization code pasted
 * from a new tab, or a popup that the provider redirects to the backend.
 */
export function ProviderConnectionForm(props: ProviderConnectionFormProps) {
  const { provider, showHeading = true } = props;
  const headingId = `password-export-connect-${provider.id}-title`;

  // Flows end after an await, when the host may have re-rendered with new
  // form values, so they always report to the host's latest callback.
  const latestOnConnected = useLatest(props.onConnected);
  const onConnected = useCallback(
    (connection: ConnectionView) => latestOnConnected.current(connection),
    [latestOnConnected],
  );

  return (
    <Box
      component="section"
      aria-labelledby={showHeading ? headingId : undefined}
      aria-label={showHeading ? undefined : `Connect ${provider.title}`}
      mt={1}
    >
      {showHeading && (
        <Typography variant="subtitle1" component="h3" id={headingId}>
          Connect {provider.title}
        </Typography>
      )}
      <ReconnectNotice provider={provider} />
      <ConnectionMethodForm provider={provider} onConnected={onConnected} />
    </Box>
  );
}
