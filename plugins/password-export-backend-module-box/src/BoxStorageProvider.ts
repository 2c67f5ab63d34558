import {
  CloudStorageAuthorization,
  CloudStorageAuthorizationContext,
  CloudStorageConnectContext,
  CloudStorageConnection,
  CloudStorageError,
  CloudStorageField,
  CloudStorageOperationContext,
  CloudStorageProvider,
  CloudStorageSettings,
  CloudStorageRefreshedCredentials,
  CloudStorageRemoveContext,
  CloudStorageTestConnectionContext,
  CloudStorageTestConnectionResult,
  CloudStorageUploadContext,
  CloudStorageUploadResult,
  CloudStorageUserContext,
  RetryOptions,
} from '@internal/backstage-plugin-password-export-node';
import { createHash } from 'node:crypto';
import {
  BoxEndpoints,
  describeService,
  resolveBoxEndpoints,
} from './boxEndpoints';
import { BoxCredentials, readCredentials, toJson } from './boxCredentials';
import { BoxFolderCache } from './BoxFolderCache';
import { findOrCreateFolder, uploadToFolder } from './boxItems';
import { CallBox, createBoxCaller } from './callBox';
import { BoxOperation, isBoxApiError } from './classifyBoxError';
import { BoxSession, createBoxSession } from './createBoxSession';
import { findItemNameDefect } from './findItemNameDefect';
import { loadBoxSdk } from './loadBoxSdk';
import {
  boxSettingFields,
  BoxProviderSettings,
  resolveBoxSettings,
} from './settings';
import { testBoxConnection } from './testBoxConnection';

/**
 * Largest file sent in one upload request. Box's direct upload API takes
 * files up to 50 MB, and its chunked upload API only files of at least
 * 20,000,000 bytes (developer.box.com, "Uploads").
 */
export const MAX_UPLOAD_BYTES = 50_000_000;

/**
 * Scope requested at the consent page: "Read and write all files and
 * folders stored in Box". Naming it keeps the token from carrying other
 * scopes the Box app may have.
 */
const requestedScope = 'root_readwrite';

/**
 * Maximum length of an accepted authorization code. The codes in Box's API reference
 * have 32 characters, so this leaves room for a longer format.
 */
const maxCodeLength = 512;

/**
 * Options of {@link BoxStorageProvider}.
 *
 * @public
 */
export interface BoxStorageProviderOptions {
  /**
   * Origin of a local server that replaces every Box host, for tests and
   * the demo portal.
   */
  serviceUrl?: string;
  /**
   * Limits of the retries of transient failures. The defaults of
   * `withRetries` apply otherwise.
   */
  retry?: Omit<RetryOptions, 'signal' | 'logger'>;
}

/**
 * Cloud storage provider that uploads exports to a folder in each user's
 * Box, which the user connects with OAuth 2.0 through a redirect to the
 * backend.
 *
 * @public
 */
export class BoxStorageProvider implements CloudStorageProvider {
  readonly id = 'box';
  readonly title = 'Box';
  readonly connectionMethod = 'oauth-redirect' as const;
  readonly settings: CloudStorageField[] = boxSettingFields;
  readonly connectionFields: CloudStorageField[] = [];
  readonly testConnectionFields: CloudStorageField[] = [];

  private readonly endpoints: BoxEndpoints;
  private readonly service: string;
  private readonly retry: BoxStorageProviderOptions['retry'];
  private readonly folders = new BoxFolderCache();

  constructor(options: BoxStorageProviderOptions = {}) {
    this.endpoints = resolveBoxEndpoints(options.serviceUrl);
    this.service = describeService(this.endpoints);
    this.retry = options.retry;
  }

  validateSettings(settings: CloudStorageSettings): void {
    resolveBoxSettings(settings);
  }

  testConnection(
    context: CloudStorageTestConnectionContext,
  ): Promise<CloudStorageTestConnectionResult> {
    return testBoxConnection(context, this.endpoints);
  }

  /**
   * Returns Box's consent page with `response_type=code`, the client ID, the
   * backend's redirect URI, the state and the scope.
   *
   * @remarks
   *
   * The URL is built here instead of with `BoxOAuth.getAuthorizeUrl`,
   * because that method of box-node-sdk 10.12 always names account.box.com
   * and ignores the configured `BaseUrls`, so it cannot point at a local
   * server. The parameters are the same. No PKCE code verifier is returned: Box's
   * authorize endpoint documents no `code_challenge` parameter and its
   * token endpoint no `code_verifier`, so the client secret and the
   * single-use, 30-second code protect the exchange.
   */
  async startAuthorization(
    context: CloudStorageAuthorizationContext,
  ): Promise<CloudStorageAuthorization> {
    const { clientId } = resolveBoxSettings(context.settings);
    if (!context.redirectUri) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        message:
          'The Box connection needs the redirect URI of the backend, but ' +
          'none was given.',
      });
    }

    const url = new URL(`${this.endpoints.oauth2Url}/authorize`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', clientId);
    url.searchParams.set('redirect_uri', context.redirectUri);
    url.searchParams.set('state', context.state);
    url.searchParams.set('scope', requestedScope);
    return { authorizationUrl: url.href };
  }

  /**
   * Exchanges the authorization code for tokens and reads the Box user.
   *
   * @remarks
   *
   * `AuthorizationManager.requestAccessToken` sends the same request as
   * `BoxOAuth.getTokensAuthorizationCodeGrant` (grant type, client ID,
   * client secret and code), but also takes a cancellation token, which
   * gives each attempt its timeout.
   */
  async connect(
    context: CloudStorageConnectContext,
  ): Promise<CloudStorageConnection> {
    const settings = resolveBoxSettings(context.settings);
    const code = validateCode(context.input.code);

    return this.withSession(async session => {
      const startedAt = Date.now();
      const token = await this.caller(context, 'code-exchange')(
        'the authorization code',
        signal =>
          session.authorization.requestAccessToken(
            {
              grantType: 'authorization_code',
              clientId: settings.clientId,
              clientSecret: settings.clientSecret,
              code,
            },
            { cancellationToken: signal },
          ),
      );
      const tokens = readTokens(token, this.service);

      let user: { id: string; name?: string; login?: string };
      try {
        user = await this.caller(context, 'api')('your Box user', signal =>
          session
            .api(tokens.accessToken)
            .users.getUserMe(
              { fields: ['id', 'name', 'login'] },
              undefined,
              signal,
            ),
        );
      } catch (error) {
        await this.revokeQuietly(
          session,
          settings,
          tokens.refreshToken,
          context,
        );
        throw error;
      }

      context.logger.info('Connected Box account', { boxUserId: user.id });
      return {
        credentials: toJson({ ...tokens, userId: user.id }),
        accountLabel: describeAccount(user),
        expiresAt: new Date(startedAt + tokens.expiresInMs),
      };
    });
  }

  /**
   * Exchanges the refresh token for new tokens, once. Box refresh tokens are
   * single use: the returned credentials hold the new refresh token, and
   * the old one no longer works.
   */
  async refreshCredentials(
    context: CloudStorageUserContext,
  ): Promise<CloudStorageRefreshedCredentials> {
    const settings = resolveBoxSettings(context.settings);
    const credentials = readCredentials(context.credentials);

    return this.withSession(async session => {
      const startedAt = Date.now();
      const token = await this.caller(context, 'refresh')(
        'the refresh token',
        signal =>
          session.authorization.requestAccessToken(
            {
              grantType: 'refresh_token',
              clientId: settings.clientId,
              clientSecret: settings.clientSecret,
              refreshToken: credentials.refreshToken,
            },
            { cancellationToken: signal },
          ),
      );
      const tokens = readTokens(token, this.service);

      context.logger.info('Refreshed Box tokens', {
        boxUserId: credentials.userId,
      });
      return {
        credentials: toJson({ ...credentials, ...tokens }),
        expiresAt: new Date(startedAt + tokens.expiresInMs),
      };
    });
  }

  async upload(
    context: CloudStorageUploadContext,
  ): Promise<CloudStorageUploadResult> {
    const { folderName } = resolveBoxSettings(context.settings);
    const credentials = readCredentials(context.credentials);
    const { file } = context;
    validateFile(file.name, file.content.length);
    const sha1 = createHash('sha1').update(file.content).digest('hex');

    const startedAt = Date.now();
    const outcome = await this.withSession(async session => {
      const api = session.api(credentials.accessToken);
      const call = this.caller(context, 'api');
      const request = {
        name: file.name,
        content: file.content,
        contentType: file.contentType,
        sha1,
      };

      const folderId = await this.resolveFolder(
        api,
        call,
        credentials,
        folderName,
        context,
      );
      const first = await uploadToFolder(api, call, { ...request, folderId });
      if (!('folderMissing' in first)) {
        return { ...first, folderId };
      }

      // The cached folder was deleted in Box: create it again, once.
      this.folders.forget(credentials.userId, folderName);
      const newFolderId = await this.resolveFolder(
        api,
        call,
        credentials,
        folderName,
        context,
      );
      const second = await uploadToFolder(api, call, {
        ...request,
        folderId: newFolderId,
      });
      if ('folderMissing' in second) {
        throw new CloudStorageError({
          kind: 'storage-not-found',
          retryable: true,
          message:
            `Box reported the folder "${folderName}" missing right after ` +
            'creating it. Try the sync again.',
        });
      }
      return { ...second, folderId: newFolderId };
    });

    context.logger.info('Uploaded file to Box', {
      boxUserId: credentials.userId,
      folderId: outcome.folderId,
      fileId: outcome.fileId,
      newVersion: outcome.versioned,
      bytes: file.content.length,
      durationMs: Date.now() - startedAt,
    });
    return {
      location: `Box: /${folderName}/${file.name}`,
      remoteId: outcome.fileId,
    };
  }

  async remove(context: CloudStorageRemoveContext): Promise<void> {
    const credentials = readCredentials(context.credentials);
    const fileId = context.remoteId;
    if (!/^\d+$/.test(fileId)) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        message: `Box file id "${fileId}" is invalid: Box ids are digits.`,
      });
    }

    const deleted = await this.withSession(session =>
      this.caller(context, 'api')(`the file ${fileId}`, async signal => {
        try {
          await session
            .api(credentials.accessToken)
            .files.deleteFileById(fileId, { cancellationToken: signal });
          return true;
        } catch (error) {
          if (isBoxApiError(error) && error.responseInfo.statusCode === 404) {
            return false;
          }
          throw error;
        }
      }),
    );

    context.logger.info(
      deleted ? 'Deleted file from Box' : 'Box file was already deleted',
      { boxUserId: credentials.userId, fileId },
    );
  }

  /**
   * Revokes the connection's tokens at Box. Box revokes the access token
   * and the refresh token together, whichever of the two is sent. The
   * refresh token is sent because it outlives the access token.
   */
  async disconnect(context: CloudStorageUserContext): Promise<void> {
    const settings = resolveBoxSettings(context.settings);
    const credentials = readCredentials(context.credentials);

    await this.withSession(session =>
      this.caller(context, 'revoke')('the refresh token', signal =>
        session.authorization.revokeAccessToken(
          {
            clientId: settings.clientId,
            clientSecret: settings.clientSecret,
            token: credentials.refreshToken,
          },
          { cancellationToken: signal },
        ),
      ),
    );
    context.logger.info('Revoked Box tokens', {
      boxUserId: credentials.userId,
    });
  }

  private async resolveFolder(
    api: ReturnType<BoxSession['api']>,
    call: CallBox,
    credentials: BoxCredentials,
    folderName: string,
    context: CloudStorageOperationContext,
  ): Promise<string> {
    return this.folders.get(credentials.userId, folderName, async () => {
      const { folderId, created } = await findOrCreateFolder(
        api,
        call,
        folderName,
      );
      context.logger.info(
        created ? 'Created Box export folder' : 'Found Box export folder',
        { boxUserId: credentials.userId, folderId },
      );
      return folderId;
    });
  }

  /** Revokes tokens after a failed connect, logging instead of throwing. */
  private async revokeQuietly(
    session: BoxSession,
    settings: BoxProviderSettings,
    refreshToken: string,
    context: CloudStorageOperationContext,
  ): Promise<void> {
    try {
      await this.caller(context, 'revoke')('the refresh token', signal =>
        session.authorization.revokeAccessToken(
          {
            clientId: settings.clientId,
            clientSecret: settings.clientSecret,
            token: refreshToken,
          },
          { cancellationToken: signal },
        ),
      );
    } catch (error) {
      context.logger.warn(
        'Could not revoke Box tokens of a failed connection',
        {
          error: (error as Error).message,
        },
      );
    }
  }

  private caller(
    context: CloudStorageOperationContext,
    operation: BoxOperation,
  ): CallBox {
    return createBoxCaller({
      context,
      operation,
      service: this.service,
      retry: this.retry,
    });
  }

  private async withSession<T>(
    run: (session: BoxSession) => Promise<T>,
  ): Promise<T> {
    const session = createBoxSession(loadBoxSdk(), this.endpoints);
    try {
      return await run(session);
    } finally {
      session.close();
    }
  }
}

/** Tokens of a token endpoint response, checked. */
interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInMs: number;
}

/** Box access tokens last 60 minutes when the response names no lifetime. */
const defaultAccessTokenLifetimeMs = 60 * 60 * 1000;

function readTokens(
  token: { accessToken?: string; refreshToken?: string; expiresIn?: number },
  service: string,
): IssuedTokens {
  if (!token.accessToken || !token.refreshToken) {
    throw new CloudStorageError({
      kind: 'provider-error',
      message:
        `${service} returned no access token or no refresh token for the ` +
        'token request. Check that the Box app uses OAuth 2.0 with user ' +
        'authentication, then connect again.',
    });
  }
  const expiresInMs =
    typeof token.expiresIn === 'number' && token.expiresIn > 0
      ? token.expiresIn * 1000
      : defaultAccessTokenLifetimeMs;
  return {
    accessToken: token.accessToken,
    refreshToken: token.refreshToken,
    expiresInMs,
  };
}

function validateCode(value: string | undefined): string {
  const code = value?.trim() ?? '';
  if (code === '' || /\s/.test(code) || code.length > maxCodeLength) {
    // The value is not echoed: it is a credential while it is valid.
    throw new CloudStorageError({
      kind: 'invalid-input',
      field: 'code',
      message:
        'The Box authorization code is missing or malformed. Connect to Box ' +
        'again.',
    });
  }
  return code;
}

function validateFile(name: string, bytes: number): void {
  const defect = findItemNameDefect(name);
  if (defect) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message: `File name "${name}" is invalid for Box: ${defect}.`,
    });
  }
  // TODO: upload through a chunked upload session when exports can exceed
  // 50 MB; an encrypted export of a few thousand accounts is far smaller.
  if (bytes > MAX_UPLOAD_BYTES) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `The export "${name}" has ${bytes} bytes, more than the ` +
        `${MAX_UPLOAD_BYTES} bytes the portal uploads to Box in one ` +
        'request. Export fewer resources per file.',
    });
  }
}

function describeAccount(user: {
  id: string;
  name?: string;
  login?: string;
}): string {
  const name = user.name || `user ${user.id}`;
  return user.login
    ? `Box account of ${name} (${user.login})`
    : `Box account of ${name}`;
}
