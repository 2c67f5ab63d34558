import { useEffect, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { discoveryApiRef, useApi } from '@backstage/frontend-plugin-api';
import { ProviderView } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import { describeError } from '../describeError';
import { parseAuthorizationUrl } from './parseAuthorizationUrl';
import { ConnectionCallback } from './types';
import {
  AuthorizationPopupOutcome,
  watchAuthorizationPopup,
} from './watchAuthorizationPopup';

/** Name of the popup window; a second flow reuses the same window. */
export const AUTHORIZATION_POPUP_NAME = 'password-export-oauth';

/** Features of the popup window, as `window.open` takes them. */
export const AUTHORIZATION_POPUP_FEATURES = 'popup,width=600,height=700';

/** Props of {@link RedirectConnectionForm}. */
export interface RedirectConnectionFormProps {
  provider: ProviderView;
  /** Label of the button that starts the flow: "Authorize" or "Reconnect". */
  startLabel: string;
  onConnected: ConnectionCallback;
}

interface PendingPopup {
  popup: Window;
  stopWatching?: () => void;
}

/**
 * The connection form of an `oauth-redirect` provider such as Box:
 * "Authorize" opens the provider's consent page in a popup, the provider
 * redirects to the backend's callback, which saves the connection and posts
 * the outcome back to this window.
 */
export function RedirectConnectionForm(props: RedirectConnectionFormProps) {
  const { provider, startLabel, onConnected } = props;
  const passwordExportApi = useApi(passwordExportApiRef);
  const discoveryApi = useApi(discoveryApiRef);

  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const pending = useRef<PendingPopup | undefined>();

  // The popup stays open if the form goes away, but nothing listens to it.
  useEffect(
    () => () => {
      pending.current?.stopWatching?.();
      pending.current = undefined;
    },
    [],
  );

  const fail = (message: string) => {
    pending.current = undefined;
    setWaiting(false);
    setError(message);
  };

  // Outcomes of a popup that was cancelled or replaced, or that arrive after
  // the form went away, are dropped.
  const isPending = (popup: Window) => pending.current?.popup === popup;

  const confirmConnection = async (popup: Window, failure: string) => {
    try {
      const providers = await passwordExportApi.listProviders();
      if (!isPending(popup)) {
        return;
      }
      const connection = providers.find(p => p.id === provider.id)?.connection;
      if (connection?.status !== 'connected') {
        fail(failure);
        return;
      }
      pending.current = undefined;
      setWaiting(false);
      onConnected(connection);
    } catch (listError) {
      fail(describeError(listError));
    }
  };

  const finish = async (popup: Window, outcome: AuthorizationPopupOutcome) => {
    if (!isPending(popup)) {
      return;
    }
    if (outcome.kind === 'message' && !outcome.message.ok) {
      fail(outcome.message.message);
      return;
    }

    // Either the callback reported success, or the window closed without a
    // message, which also happens when a page on the way cut the popup off
    // from this window (a Cross-Origin-Opener-Policy header does that). The
    // saved connection decides in both cases.
    await confirmConnection(
      popup,
      outcome.kind === 'closed'
        ? `The ${provider.title} window was closed before the authorization finished. Select ${startLabel} to try again.`
        : `${provider.title} reported success, but the portal has no working connection. Select ${startLabel} to try again.`,
    );
  };

  const navigatePopup = async (popup: Window) => {
    try {
      const [baseUrl, start] = await Promise.all([
        discoveryApi.getBaseUrl('password-export'),
        passwordExportApi.startAuthorization(provider.id),
      ]);
      const url = parseAuthorizationUrl(start.authorizationUrl, provider.title);
      if (!isPending(popup)) {
        return;
      }
      pending.current!.stopWatching = watchAuthorizationPopup({
        popup,
        backendOrigin: new URL(baseUrl).origin,
        providerId: provider.id,
        onOutcome: outcome => void finish(popup, outcome),
      });
      popup.location.href = url.href;
    } catch (startError) {
      popup.close();
      if (isPending(popup)) {
        fail(describeError(startError));
      }
    }
  };

  const authorize = () => {
    setError(undefined);
    pending.current?.stopWatching?.();
    // Opened before anything is awaited, while the click still counts as a
    // user action, so that pop-up blockers let the window through.
    const popup = window.open(
      '',
      AUTHORIZATION_POPUP_NAME,
      AUTHORIZATION_POPUP_FEATURES,
    );
    if (!popup) {
      fail(
        `The browser blocked the ${provider.title} pop-up window. Allow pop-ups for this portal, usually from the icon at the end of the address bar, then select ${startLabel} again.`,
      );
      return;
    }
    pending.current = { popup };
    setWaiting(true);
    void navigatePopup(popup);
  };

  const cancel = () => {
    const current = pending.current;
    current?.stopWatching?.();
    current?.popup.close();
    pending.current = undefined;
    setWaiting(false);
  };

  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {startLabel} opens {provider.title} in a pop-up window. After you allow
        access, the window closes and the connection is saved.
      </Typography>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      {waiting && (
        <Typography variant="body2">
          Waiting for you to finish in the {provider.title} window…
        </Typography>
      )}
      <Box display="flex" gridGap={8} mt={1}>
        <Button
          variant="outlined"
          color="primary"
          onClick={authorize}
          disabled={waiting}
        >
          {startLabel}
        </Button>
        {waiting && <Button onClick={cancel}>Cancel authorization</Button>}
      </Box>
    </>
  );
}
