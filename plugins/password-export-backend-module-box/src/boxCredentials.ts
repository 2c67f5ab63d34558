import { JsonObject } from '@backstage/types';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';

/**
 * Data the provider stores for a connected user. The backend keeps it
 * encrypted and never returns it to the frontend.
 *
 * @public
 */
export interface BoxCredentials {
  /** OAuth 2.0 access token; Box issues it for 60 minutes. */
  accessToken: string;
  /** Single-use OAuth 2.0 refresh token; Box keeps it valid for 60 days. */
  refreshToken: string;
  /** Id of the Box user, which keys the folder cache. */
  userId: string;
}

/** Converts credentials to the JSON object the backend stores. */
export function toJson(credentials: BoxCredentials): JsonObject {
  return {
    accessToken: credentials.accessToken,
    refreshToken: credentials.refreshToken,
    userId: credentials.userId,
  };
}

/**
 * Reads stored credentials back.
 *
 * @throws CloudStorageError of kind `credentials-rejected` when a value is
 * missing, so that the user connects again.
 */
export function readCredentials(credentials: JsonObject): BoxCredentials {
  const { accessToken, refreshToken, userId } = credentials;
  if (
    typeof accessToken !== 'string' ||
    accessToken === '' ||
    typeof refreshToken !== 'string' ||
    refreshToken === '' ||
    typeof userId !== 'string'
  ) {
    throw new CloudStorageError({
      kind: 'credentials-rejected',
      message:
        'The stored Box connection is incomplete. Disconnect Box and connect ' +
        'it again.',
    });
  }
  return { accessToken, refreshToken, userId };
}
