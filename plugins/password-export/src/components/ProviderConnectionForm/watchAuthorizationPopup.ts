import { OAuthCallbackMessage } from '@internal/backstage-plugin-password-export-common';

/** How often the popup is checked for having been closed, in ms. */
export const POPUP_POLL_INTERVAL_MS = 500;

/**
 * Outcome of an authorization popup: its callback message, or its closing
 * without one.
 */
export type AuthorizationPopupOutcome =
  | { kind: 'message'; message: OAuthCallbackMessage }
  | { kind: 'closed' };

/** Options of {@link watchAuthorizationPopup}. */
export interface WatchAuthorizationPopupOptions {
  popup: Window;
  /** Origin of the backend, which serves the OAuth callback page. */
  backendOrigin: string;
  /** Id of the provider the flow is for. */
  providerId: string;
  /** Called once, with the first outcome. */
  onOutcome: (outcome: AuthorizationPopupOutcome) => void;
  pollIntervalMs?: number;
}

function isOAuthCallbackMessage(data: unknown): data is OAuthCallbackMessage {
  if (typeof data !== 'object' || data === null) {
    return false;
  }
  const message = data as Partial<OAuthCallbackMessage>;
  return (
    message.type === 'password-export:oauth-result' &&
    typeof message.ok === 'boolean' &&
    typeof message.message === 'string'
  );
}

/**
 * Waits for the message that the backend's OAuth callback page posts to this
 * window, or for the popup to close without one.
 *
 * @remarks
 *
 * A message counts only when it comes from the backend's origin, from this
 * popup, and has the callback message's shape, because any page that the
 * user opens from the portal can post messages to it. A message about
 * another provider is ignored too.
 *
 * @returns a function that stops waiting without an outcome
 */
export function watchAuthorizationPopup(
  options: WatchAuthorizationPopupOptions,
): () => void {
  const { popup, backendOrigin, providerId, onOutcome } = options;
  let closedPolls = 0;

  const onMessage = (event: MessageEvent) => {
    if (
      event.origin !== backendOrigin ||
      event.source !== popup ||
      !isOAuthCallbackMessage(event.data)
    ) {
      return;
    }
    const message = event.data;
    if (message.providerId !== undefined && message.providerId !== providerId) {
      return;
    }
    stop();
    onOutcome({ kind: 'message', message });
  };

  // NOTE: a consent page served with Cross-Origin-Opener-Policy severs the
  // popup from this window, which then reads it as closed at once and never
  // gets the message. The form then checks the saved connection, which
  // catches a flow that finished but reports one still in progress as
  // closed. Whether Box sends that header has not been checked.
  const timer = setInterval(() => {
    if (!popup.closed) {
      closedPolls = 0;
      return;
    }
    // The callback page posts its message and then closes itself, so a
    // closed popup gets one more interval for that message to arrive.
    closedPolls += 1;
    if (closedPolls >= 2) {
      stop();
      onOutcome({ kind: 'closed' });
    }
  }, options.pollIntervalMs ?? POPUP_POLL_INTERVAL_MS);

  function stop() {
    window.removeEventListener('message', onMessage);
    clearInterval(timer);
  }

  window.addEventListener('message', onMessage);
  return stop;
}
