import { JsonObject } from '@backstage/types';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';

/**
 * Credentials the provider stores for a connected user. The backend
 * encrypts them at rest and never returns them to the frontend.
 */
export interface DropboxCredentials {
  /** Short-lived access token, sent as a bearer token. */
  accessToken: string;
  /** Long-lived refresh token of the offline access grant. */
  refreshToken?: string;
  /** Dropbox account id, such as `dbid:AAH4f99...`, used in logs. */
  accountId?: string;
}

/** Converts credentials to the JSON object the backend stores. */
export function toCredentials(credentials: DropboxCredentials): JsonObject {
  const stored: JsonObject = { accessToken: credentials.accessToken };
  if (credentials.refreshToken) {
    stored.refreshToken = credentials.refreshToken;
  }
  if (credentials.accountId) {
    stored.accountId = credentials.accountId;
  }
  return stored;
}

/**
 * Reads stored credentials.
 *
 * @throws CloudStorageError of kind `credentials-rejected` when the access
 * token is missing, so that the user reconnects.
 */
export function readCredentials(stored: JsonObject): DropboxCredentials {
  const { accessToken, refreshToken, accountId } = stored;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new CloudStorageError({
      kind: 'credentials-rejected',
      message:
        'The stored Dropbox connection has no access token. Reconnect ' +
        'Dropbox to keep syncing exports.',
    });
  }
  return {
    accessToken,
    refreshToken: typeof refreshToken === 'string' ? refreshToken : undefined,
    accountId: typeof accountId === 'string' ? accountId : undefined,
  };
}

/**
 * Replaces the access token in stored credentials, and the refresh token
 * only when Dropbox returned a new one.
 */
export function toRefreshedCredentials(
  stored: JsonObject,
  refreshed: { accessToken: string; refreshToken?: string },
): JsonObject {
  const { refreshToken, accountId } = stored;
  return toCredentials({
    accessToken: refreshed.accessToken,
    refreshToken:
      refreshed.refreshToken ??
      (typeof refreshToken === 'string' ? refreshToken : undefined),
    accountId: typeof accountId === 'string' ? accountId : undefined,
  });
}
