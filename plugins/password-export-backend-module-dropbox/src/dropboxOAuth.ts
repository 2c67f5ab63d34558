import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { DropboxAuth } from 'dropbox';
import { DropboxFetch } from './createDropboxTransport';

/**
 * The SDK's types require a string, but an absent redirect URI is what
 * makes Dropbox show the code to the user instead of redirecting.
 */
const noRedirectUri = undefined as unknown as string;

/** PKCE code verifiers: 43 to 128 unreserved characters (RFC 7636). */
const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * Authorization codes that Dropbox shows are URL-safe base64 text. The SDK
 * puts the code into the token URL without encoding, so nothing else may
 * pass.
 */
const authorizationCodePattern = /^[A-Za-z0-9._~-]{8,512}$/;

/** The fields of Dropbox's token response that the provider reads. */
export interface DropboxTokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  account_id?: string;
}

/**
 * Builds the consent page URL of the PKCE code flow with offline access and
 * no redirect URI, and returns it with the code verifier.
 *
 * @remarks
 *
 * The SDK (dropbox 10.47, `generatePKCECodes`) draws 128 random bytes with
 * WebCrypto, encodes them as URL-safe base64 and keeps the first 128
 * characters, about 768 bits of entropy, and it sends the S256 challenge.
 * Its `getAuthenticationUrl` regenerates the verifier on every call, so a
 * verifier set beforehand would be replaced. The state is URL-encoded here
 * because the SDK appends it without encoding.
 */
export async function createAuthorizationUrl(options: {
  appKey: string;
  state: string;
  fetch: DropboxFetch;
}): Promise<{ authorizationUrl: string; codeVerifier: string }> {
  const auth = new DropboxAuth({
    clientId: options.appKey,
    fetch: options.fetch,
  });
  const authorizationUrl = await auth.getAuthenticationUrl(
    noRedirectUri,
    encodeURIComponent(options.state),
    'code',
    'offline',
    undefined,
    'none',
    true,
  );
  return { authorizationUrl, codeVerifier: auth.getCodeVerifier() };
}

/**
 * Exchanges an authorization code for tokens, proving possession of the
 * PKCE verifier.
 *
 * @remarks
 *
 * The app secret is not sent. The code was issued for a PKCE challenge, so
 * the verifier authenticates the exchange, and the SDK sends either the
 * secret or the verifier, never both.
 */
export async function exchangeAuthorizationCode(options: {
  appKey: string;
  code: string;
  codeVerifier: string;
  fetch: DropboxFetch;
}): Promise<DropboxTokenResponse> {
  const auth = new DropboxAuth({
    clientId: options.appKey,
    fetch: options.fetch,
  });
  auth.setCodeVerifier(encodeURIComponent(options.codeVerifier));
  const response = await auth.getAccessTokenFromCode(
    noRedirectUri,
    encodeURIComponent(options.code),
  );
  return readTokenResponse(response.result);
}

/**
 * Refreshes an access token once, through the SDK's `refreshAccessToken`.
 *
 * @remarks
 *
 * Dropbox's refresh response carries no refresh token, so the caller keeps
 * the one it has. The SDK does not return the response, so a recording
 * fetch reads it, in case Dropbox starts to rotate refresh tokens.
 */
export async function refreshAccessToken(options: {
  appKey: string;
  appSecret?: string;
  refreshToken: string;
  fetch: DropboxFetch;
}): Promise<{ accessToken: string; refreshToken?: string; expiresAt?: Date }> {
  let tokenResponse: unknown;
  const recordingFetch: DropboxFetch = async (url, init) => {
    const response = await options.fetch(url, init);
    if (response.ok) {
      tokenResponse = await response
        .clone()
        .json()
        .catch(() => undefined);
    }
    return response;
  };

  // The SDK appends these values to the token URL without encoding.
  const auth = new DropboxAuth({
    clientId: options.appKey,
    clientSecret: options.appSecret
      ? encodeURIComponent(options.appSecret)
      : undefined,
    refreshToken: encodeURIComponent(options.refreshToken),
    fetch: recordingFetch,
  });
  await auth.refreshAccessToken();

  const result = readTokenResponse(tokenResponse);
  return {
    accessToken: result.access_token,
    refreshToken: result.refresh_token,
    expiresAt: toExpiresAt(result.expires_in),
  };
}

/**
 * Checks the authorization code that the user pasted and returns it
 * without surrounding whitespace.
 *
 * @throws CloudStorageError of kind `invalid-input` for field `code`.
 */
export function readAuthorizationCode(value: string | undefined): string {
  const code = value?.trim() ?? '';
  if (code === '') {
    throw new CloudStorageError({
      kind: 'invalid-input',
      field: 'code',
      message:
        'The authorization code is missing. Paste the code that Dropbox ' +
        'showed after you allowed access.',
    });
  }
  if (!authorizationCodePattern.test(code)) {
    // The message describes the value without quoting it: it may be a
    // real code with a typo.
    throw new CloudStorageError({
      kind: 'invalid-input',
      field: 'code',
      message:
        `The authorization code (${code.length} characters) is not in the ` +
        'format Dropbox shows: letters, digits, "-" and "_" only. Copy the ' +
        'whole code from the Dropbox page and paste it again.',
    });
  }
  return code;
}

/**
 * Checks the PKCE code verifier that the backend stored at the start of the
 * connection.
 *
 * @throws CloudStorageError of kind `invalid-input` when it is missing or
 * malformed.
 */
export function readCodeVerifier(value: string | undefined): string {
  if (!value || !codeVerifierPattern.test(value)) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      field: 'code',
      message:
        'The connection attempt has no valid PKCE code verifier, so the ' +
        'code cannot be exchanged. Start connecting Dropbox again.',
    });
  }
  return value;
}

/** Converts `expires_in` seconds to the time the access token expires. */
export function toExpiresAt(expiresIn: number | undefined): Date | undefined {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) {
    return undefined;
  }
  return new Date(Date.now() + expiresIn * 1000);
}

function readTokenResponse(value: unknown): DropboxTokenResponse {
  const result = value as Partial<DropboxTokenResponse> | undefined;
  if (!result || typeof result.access_token !== 'string') {
    throw new CloudStorageError({
      kind: 'provider-error',
      message:
        'Dropbox answered the token request without an access token. Try ' +
        'again later.',
    });
  }
  return result as DropboxTokenResponse;
}
