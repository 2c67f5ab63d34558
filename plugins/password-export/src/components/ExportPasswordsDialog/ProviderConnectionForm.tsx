import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ConnectionView,
  ProviderView,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  describeFieldError,
  FieldErrorDescription,
} from '../describeFieldError';
import { PasswordField } from '../PasswordField';

/** Props of {@link ProviderConnectionForm}. */
export interface ProviderConnectionFormProps {
  provider: ProviderView;
  /** Called with the new connection once the backend accepted the input. */
  onConnected: (connection: ConnectionView) => void;
}

function ReconnectNotice(props: { provider: ProviderView }) {
  const { provider } = props;
  if (provider.connection?.status !== 'reconnect-needed') {
    return null;
  }
  return (
    <Alert severity="warning">
      {provider.title} no longer accepts the saved credentials for{' '}
      {provider.connection.accountLabel}. Enter them again to reconnect.
    </Alert>
  );
}

/**
 * The form that connects the user to a cloud storage provider, built from
 * the provider's connection fields. The backend checks the input against the
 * storage, and a message about one field appears under that field.
 */
export function ProviderConnectionForm(props: ProviderConnectionFormProps) {
  const { provider, onConnected } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [input, setInput] = useState<Record<string, string>>({});
  const [connecting, setConnecting] = useState(false);
  const [error, setError] = useState<FieldErrorDescription | undefined>();

  const fields = provider.connectionFields;
  const missingRequired = fields.some(
    field => field.required && !(input[field.key] ?? '').trim(),
  );

  if (provider.connectionMethod !== 'credentials-form') {
    // TODO: offer the OAuth connection flows here once the backend has
    // routes that start them.
    return (
      <Alert severity="info">
        Connecting {provider.title} is not available in this dialog yet.
      </Alert>
    );
  }

  const connect = async () => {
    setConnecting(true);
    setError(undefined);
    try {
      const connection = await passwordExportApi.connectProvider(
        provider.id,
        input,
      );
      // The credentials are not needed any more once the backend stores them.
      setInput({});
      onConnected(connection);
    } catch (connectError) {
      setError(describeFieldError(connectError, fields));
    } finally {
      setConnecting(false);
    }
  };

  return (
    <Box
      component="section"
      aria-labelledby="password-export-connect-title"
      mt={1}
    >
      <Typography
        variant="subtitle1"
        component="h3"
        id="password-export-connect-title"
      >
        Connect {provider.title}
      </Typography>
      <ReconnectNotice provider={provider} />
      <Typography variant="body2" color="textSecondary">
        The portal stores these credentials encrypted and uses them only to
        upload your own exports.
      </Typography>
      {error && !error.field && (
        <Alert severity="error" role="alert">
          {error.message}
        </Alert>
      )}
      {fields.map(field => {
        const fieldError =
          error?.field === field.key ? error.message : undefined;
        const fieldProps = {
          id: `password-export-connect-${provider.id}-${field.key}`,
          label: field.title,
          value: input[field.key] ?? '',
          onChange: (event: { target: { value: string } }) =>
            setInput(current => ({
              ...current,
              [field.key]: event.target.value,
            })),
          error: Boolean(fieldError),
          helperText: fieldError ?? field.description,
          placeholder: field.placeholder,
          inputProps: { 'aria-required': field.required },
          fullWidth: true,
          margin: 'dense' as const,
        };
        return field.secret ? (
          <PasswordField
            key={field.key}
            {...fieldProps}
            secretName={field.title.toLocaleLowerCase('en-US')}
          />
        ) : (
          <TextField
            key={field.key}
            {...fieldProps}
            inputProps={{
              ...fieldProps.inputProps,
              autoComplete: 'off',
              spellCheck: false,
            }}
          />
        );
      })}
      <Button
        variant="outlined"
        color="primary"
        onClick={connect}
        disabled={connecting || missingRequired}
      >
        Connect
      </Button>
    </Box>
  );
}
