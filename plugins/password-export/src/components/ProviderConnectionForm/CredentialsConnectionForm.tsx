import { useState } from 'react';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  describeFieldError,
  FieldErrorDescription,
} from '../describeFieldError';
import { PasswordField } from '../PasswordField';
import { ConnectionCallback } from './types';

/** Props of {@link CredentialsConnectionForm}. */
export interface CredentialsConnectionFormProps {
  provider: ProviderView;
  onConnected: ConnectionCallback;
}

/**
 * Renders the fields of a `credentials-form` provider and "Connect". The
 * backend checks the input against the storage, and a message about one
 * field appears under that field.
 */
export function CredentialsConnectionForm(
  props: CredentialsConnectionFormProps,
) {
  const { provider, onConnected } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [input, setInput] = useState<Record<string, string>>({});
  const [connecting, setConnecting] = useState(false);
  const [error, setError] = useState<FieldErrorDescription | undefined>();

  const fields = provider.connectionFields;
  const missingRequired = fields.some(
    field => field.required && !(input[field.key] ?? '').trim(),
  );

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
    <>
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
    </>
  );
}
