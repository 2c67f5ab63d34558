import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ProviderView,
  TestConnectionResult,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';
import { PasswordField } from '../PasswordField';

/** Props of {@link TestConnectionSection}. */
export interface TestConnectionSectionProps {
  provider: ProviderView;
}

function TestConnectionResultAlert(props: { result: TestConnectionResult }) {
  const { result } = props;
  return (
    <Alert severity={result.ok ? 'success' : 'error'} role="status">
      <AlertTitle>
        {result.ok ? 'Connection succeeded' : 'Connection failed'}
      </AlertTitle>
      <div>{result.message}</div>
      <div>Duration: {Math.round(result.durationMs)} ms</div>
      <div>Proxy: {result.proxy ?? 'none (direct connection)'}</div>
    </Alert>
  );
}

/**
 * Renders "Test connection" for one provider, with the input fields that the
 * provider requires, and the outcome: success or failure, message, duration
 * and proxy.
 * The input is kept in this section only and is never saved.
 */
export function TestConnectionSection(props: TestConnectionSectionProps) {
  const { provider } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const fields = provider.testConnectionFields ?? [];
  const [input, setInput] = useState<Record<string, string>>({});
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<TestConnectionResult | undefined>();
  const [error, setError] = useState<string | undefined>();

  const test = async () => {
    setTesting(true);
    setResult(undefined);
    setError(undefined);
    try {
      setResult(
        await passwordExportApi.testProviderConnection(
          provider.id,
          fields.length > 0 ? input : undefined,
        ),
      );
    } catch (testError) {
      setError(describeError(testError));
    } finally {
      setTesting(false);
    }
  };

  return (
    <Box mt={2}>
      {fields.map(field => {
        const fieldProps = {
          id: `password-export-${provider.id}-test-${field.key}`,
          label: field.title,
          value: input[field.key] ?? '',
          onChange: (event: { target: { value: string } }) =>
            setInput(current => ({
              ...current,
              [field.key]: event.target.value,
            })),
          helperText: field.description,
          placeholder: field.placeholder,
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
          <TextField key={field.key} {...fieldProps} />
        );
      })}
      <Button variant="outlined" disabled={testing} onClick={test}>
        Test connection
      </Button>
      <Box mt={1}>
        {result && <TestConnectionResultAlert result={result} />}
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
      </Box>
    </Box>
  );
}
