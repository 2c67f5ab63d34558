import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  AuthorizationStart,
  ProviderView,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';
import { PasswordField } from '../PasswordField';
import { parseAuthorizationUrl } from './parseAuthorizationUrl';
import { ConnectionCallback } from './types';

/** Props of {@link CodePasteConnectionForm}. */
export interface CodePasteConnectionFormProps {
  provider: ProviderView;
  /** Label of the button that starts the flow: "Authorize" or "Reconnect". */
  startLabel: string;
  onConnected: ConnectionCallback;
}

interface StartedFlow {
  start: AuthorizationStart;
  /** The consent page, checked by {@link parseAuthorizationUrl}. */
  url: string;
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString();
}

/**
 * Renders the connection form of an `oauth-code-paste` provider such as
 * Dropbox. "Authorize" opens the provider's consent page in a new tab, the
 * provider then shows a code, and the user pastes it here and saves. After
 * a failed save only "Authorize again" is offered.
 */
export function CodePasteConnectionForm(props: CodePasteConnectionFormProps) {
  const { provider, startLabel, onConnected } = props;
  const passwordExportApi = useApi(passwordExportApiRef);

  const [flow, setFlow] = useState<StartedFlow | undefined>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  /** Whether a flow was used up, so that the start button reads "again". */
  const [flowUsed, setFlowUsed] = useState(false);

  const authorize = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const start = await passwordExportApi.startAuthorization(provider.id);
      const url = parseAuthorizationUrl(
        start.authorizationUrl,
        provider.title,
      ).href;
      setFlow({ start, url });
      setCode('');
      // NOTE: with noopener, window.open returns null whether or not the
      // browser blocked the tab, so the form always offers the link below.
      window.open(url, '_blank', 'noopener,noreferrer');
    } catch (startError) {
      setError(describeError(startError));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!flow) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const connection = await passwordExportApi.connectWithAuthorizationCode(
        provider.id,
        { input: { code: code.trim() }, state: flow.start.state },
      );
      // The code is single use; nothing of the flow is needed any more.
      setCode('');
      setFlow(undefined);
      onConnected(connection);
    } catch (saveError) {
      // The backend marks the state as used once it accepts it, before the
      // provider exchanges the code, so a rejected code or a provider
      // failure uses up the flow. Only request validation fails before
      // that, and a new flow costs one click.
      setCode('');
      setFlow(undefined);
      setFlowUsed(true);
      setError(describeError(saveError));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {startLabel} opens {provider.title} in a new tab. After you allow
        access, {provider.title} shows an authorization code: copy it and paste
        it here.
      </Typography>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      {flow && (
        <>
          <Typography variant="body2">
            If no {provider.title} tab opened,{' '}
            <Link href={flow.url} target="_blank" rel="noopener noreferrer">
              open the {provider.title} authorization page
            </Link>
            . Paste the code before{' '}
            <time dateTime={flow.start.expiresAt}>
              {formatTime(flow.start.expiresAt)}
            </time>
            .
          </Typography>
          <PasswordField
            id={`password-export-connect-${provider.id}-code`}
            label="Authorization code"
            secretName="authorization code"
            value={code}
            onChange={event => setCode(event.target.value)}
            inputProps={{ 'aria-required': true }}
            fullWidth
            margin="dense"
          />
        </>
      )}
      <Box display="flex" gridGap={8} mt={1}>
        <Button
          variant={flow ? 'text' : 'outlined'}
          color="primary"
          onClick={authorize}
          disabled={busy}
        >
          {flow || flowUsed ? 'Authorize again' : startLabel}
        </Button>
        {flow && (
          <Button
            variant="outlined"
            color="primary"
            onClick={save}
            disabled={busy || !code.trim()}
          >
            Save
          </Button>
        )}
      </Box>
    </>
  );
}
