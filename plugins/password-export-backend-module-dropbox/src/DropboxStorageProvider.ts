import { Config } from '@backstage/config';
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
  withRetries,
} from '@internal/backstage-plugin-password-export-node';
import { Dropbox, DropboxAuth } from 'dropbox';
import { createHash } from 'node:crypto';
import {
  classifyDropboxError,
  DropboxErrorSubject,
  isDropboxNotFound,
} from './classifyDropboxError';
import { computeDropboxContentHash } from './computeDropboxContentHash';
import {
  dropboxSettingFields,
  DropboxProviderSettings,
  readDropboxServiceUrl,
  readDropboxSettings,
} from './config';
import {
  createDropboxTransport,
  dropboxApiOrigin,
  DropboxTransport,
} from './createDropboxTransport';
import {
  readCredentials,
  toCredentials,
  toRefreshedCredentials,
} from './credentials';
import {
  createAuthorizationUrl,
  exchangeAuthorizationCode,
  readAuthorizationCode,
  readCodeVerifier,
  refreshAccessToken,
  toExpiresAt,
} from './dropboxOAuth';
import { normalizeDropboxFileName } from './normalizeDropboxFileName';

/** Largest file that `files/upload` accepts: 150 MiB. */
const maxUploadBytes = 150 * 1024 * 1024;

/** Scopes without which a connection could not work. */
const requiredScopes = ['files.content.write', 'account_info.read'];

/**
 * Options of {@link DropboxStorageProvider.fromConfig}.
 *
 * @public
 */
export interface DropboxStorageProviderOptions {
  /**
   * Limits of the retries of transient failures. The defaults of
   * `withRetries` apply otherwise: at most 4 attempts and 30 seconds of
   * waiting in total.
   */
  retry?: Omit<RetryOptions, 'signal' | 'logger'>;
}

/**
 * Cloud storage provider that uploads exports to the app folder of a
 * user's Dropbox, connected with OAuth 2.0, PKCE and a pasted code.
 *
 * @public
 */
export class DropboxStorageProvider implements CloudStorageProvider {
  readonly id = 'dropbox';
  readonly title = 'Dropbox';
  readonly connectionMethod = 'oauth-code-paste' as const;
  readonly settings: CloudStorageField[] = dropboxSettingFields;
  readonly connectionFields: CloudStorageField[] = [];
  readonly testConnectionFields: CloudStorageField[] = [];
  /**
   * Origin of the local server that replaces every Dropbox host, from
   * `passwordExport.serviceUrls.dropbox`. Absent in production.
   */
  readonly serviceUrl?: string;

  private readonly retry: DropboxStorageProviderOptions['retry'];

  /** Creates the provider with the local server URL from config, if any. */
  static fromConfig(
    config: Config,
    options: DropboxStorageProviderOptions = {},
  ): DropboxStorageProvider {
    return new DropboxStorageProvider(readDropboxServiceUrl(config), options);
  }

  private constructor(
    serviceUrl: string | undefined,
    options: DropboxStorageProviderOptions,
  ) {
    this.serviceUrl = serviceUrl;
    this.retry = options.retry;
  }

  validateSettings(settings: CloudStorageSettings): void {
    readDropboxSettings(settings);
  }

  async testConnection(
    context: CloudStorageTestConnectionContext,
  ): Promise<CloudStorageTestConnectionResult> {
    const startedAt = Date.now();
    let proxy: string | undefined;
    let url: string | undefined;
    const transport = this.createTransport(context);

    try {
      if (context.settings.appKey !== undefined) {
        readDropboxSettings(context.settings);
      }
      url = transport.resolveUrl(`${dropboxApiOrigin}/`);
      proxy = transport.proxyFor(`${dropboxApiOrigin}/`);
      const response = await transport.fetch(`${dropboxApiOrigin}/`, {
        method: 'HEAD',
      });
      return describeProbe(url, response.status, {
        durationMs: Date.now() - startedAt,
        proxy,
      });
    } catch (error) {
      const classified = classifyDropboxError(error, {
        operation: 'probe',
        timeoutMs: context.timeoutMs,
        cancelled: context.signal.aborted,
      });
      context.logger.warn('Dropbox connection test failed', {
        url: url ?? 'none',
        proxy: proxy ?? 'none',
        kind: classified.kind,
        error: classified.message,
      });
      return {
        ok: false,
        durationMs: Date.now() - startedAt,
        proxy,
        message: classified.message,
      };
    } finally {
      transport.close();
    }
  }

  async startAuthorization(
    context: CloudStorageAuthorizationContext,
  ): Promise<CloudStorageAuthorization> {
    const settings = readDropboxSettings(context.settings);
    const transport = this.createTransport(context);
    try {
      const { authorizationUrl, codeVerifier } = await createAuthorizationUrl({
        appKey: settings.appKey,
        state: context.state,
        fetch: transport.fetch,
      });
      return {
        authorizationUrl: transport.resolveUrl(authorizationUrl),
        codeVerifier,
      };
    } finally {
      transport.close();
    }
  }

  async connect(
    context: CloudStorageConnectContext,
  ): Promise<CloudStorageConnection> {
    const settings = readDropboxSettings(context.settings);
    const code = readAuthorizationCode(context.input.code);
    const codeVerifier = readCodeVerifier(context.oauth?.codeVerifier);

    return this.withTransport(context, async transport => {
      const tokens = await this.send(
        context,
        { operation: 'code-exchange', appKey: settings.appKey },
        () =>
          exchangeAuthorizationCode({
            appKey: settings.appKey,
            code,
            codeVerifier,
            fetch: transport.fetch,
          }),
      );

      try {
        assertRequiredScopes(tokens.scope, settings);
        if (!tokens.refresh_token) {
          throw new CloudStorageError({
            kind: 'provider-error',
            message:
              'Dropbox did not grant offline access (no refresh token), so ' +
              'the connection would stop working within hours. Start ' +
              'connecting Dropbox again.',
          });
        }
        const account = await this.send(context, { operation: 'account' }, () =>
          createClient(tokens.access_token, transport).usersGetCurrentAccount(),
        );

        const { email, name, account_id: accountId } = account.result;
        context.logger.info('Connected Dropbox account', { accountId });
        return {
          credentials: toCredentials({
            accessToken: tokens.access_token,
            refreshToken: tokens.refresh_token,
            accountId,
          }),
          accountLabel: `Dropbox account of ${name.display_name} (${email})`,
          expiresAt: toExpiresAt(tokens.expires_in),
        };
      } catch (error) {
        // The tokens would stay valid at Dropbox without a stored connection.
        await this.revokeQuietly(tokens.access_token, transport, context);
        throw error;
      }
    });
  }

  async refreshCredentials(
    context: CloudStorageUserContext,
  ): Promise<CloudStorageRefreshedCredentials> {
    const settings = readDropboxSettings(context.settings);
    const credentials = readCredentials(context.credentials);
    if (!credentials.refreshToken) {
      throw new CloudStorageError({
        kind: 'credentials-rejected',
        message:
          'The stored Dropbox connection has no refresh token. Reconnect ' +
          'Dropbox to keep syncing exports.',
      });
    }
    const refreshToken = credentials.refreshToken;

    const refreshed = await this.withTransport(context, transport =>
      this.send(
        context,
        { operation: 'token-refresh', appKey: settings.appKey },
        () =>
          refreshAccessToken({
            appKey: settings.appKey,
            appSecret: settings.appSecret,
            refreshToken,
            fetch: transport.fetch,
          }),
      ),
    );

    context.logger.info('Refreshed Dropbox access token', {
      accountId: credentials.accountId ?? 'unknown',
      expiresAt: refreshed.expiresAt?.toISOString() ?? 'none',
      refreshTokenRotated: refreshed.refreshToken !== undefined,
    });
    return {
      credentials: toRefreshedCredentials(context.credentials, refreshed),
      expiresAt: refreshed.expiresAt,
    };
  }

  async upload(
    context: CloudStorageUploadContext,
  ): Promise<CloudStorageUploadResult> {
    const settings = readDropboxSettings(context.settings);
    const { accessToken } = readCredentials(context.credentials);
    const file = context.file;
    const fileName = normalizeDropboxFileName(file.name);
    const path = `/${fileName}`;
    validateContent(file.content, file.sha256, path);
    if (fileName !== file.name) {
      context.logger.info('Changed file name to fit Dropbox path rules', {
        requestedName: JSON.stringify(file.name),
        path,
      });
    }

    const contentHash = computeDropboxContentHash(file.content);
    const subject: DropboxErrorSubject = {
      operation: 'upload',
      path,
      fileBytes: file.content.length,
    };
    const startedAt = Date.now();
    const metadata = await this.withTransport(context, transport =>
      this.send(context, subject, async () => {
        const response = await createClient(accessToken, transport).filesUpload(
          {
            path,
            mode: { '.tag': 'overwrite' },
            autorename: false,
            content_hash: contentHash,
            contents: file.content,
          },
        );
        verifyStoredFile(response.result, contentHash, file.content.length);
        return response.result;
      }),
    );

    context.logger.info('Uploaded file to Dropbox', {
      path: metadata.path_display ?? path,
      fileId: metadata.id,
      bytes: file.content.length,
      durationMs: Date.now() - startedAt,
    });
    return {
      location: describeLocation(metadata.path_display ?? path, settings),
      remoteId: metadata.id ?? metadata.path_lower ?? path.toLowerCase(),
    };
  }

  async remove(context: CloudStorageRemoveContext): Promise<void> {
    const { accessToken } = readCredentials(context.credentials);
    const remoteId = context.remoteId;
    if (!remoteId || !/^(id:|\/)/.test(remoteId)) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        message:
          `The remote id "${remoteId}" of the file to delete is invalid: ` +
          'it must be a Dropbox file id ("id:...") or a path ("/...").',
      });
    }

    const outcome = await this.withTransport(context, transport =>
      this.send(context, { operation: 'remove', path: remoteId }, async () => {
        try {
          await createClient(accessToken, transport).filesDeleteV2({
            path: remoteId,
          });
          return 'deleted' as const;
        } catch (error) {
          if (isDropboxNotFound(error)) {
            return 'already-gone' as const;
          }
          throw error;
        }
      }),
    );
    context.logger.info('Deleted file from Dropbox', { remoteId, outcome });
  }

  async disconnect(context: CloudStorageUserContext): Promise<void> {
    const credentials = readCredentials(context.credentials);
    await this.withTransport(context, async transport => {
      try {
        await this.send(context, { operation: 'revoke' }, () =>
          createClient(credentials.accessToken, transport).authTokenRevoke(),
        );
      } catch (error) {
        // A token that Dropbox no longer accepts grants nothing, so there
        // is nothing left to revoke. An expired token is different: its
        // refresh token still works, so the backend refreshes and retries.
        if ((error as CloudStorageError).kind !== 'credentials-rejected') {
          throw error;
        }
        context.logger.info('Dropbox token was already revoked', {
          accountId: credentials.accountId ?? 'unknown',
        });
        return;
      }
      context.logger.info('Revoked Dropbox token', {
        accountId: credentials.accountId ?? 'unknown',
      });
    });
  }

  private createTransport(context: CloudStorageOperationContext) {
    return createDropboxTransport({
      serviceUrl: this.serviceUrl,
      timeoutMs: context.timeoutMs,
      signal: context.signal,
    });
  }

  private async withTransport<T>(
    context: CloudStorageOperationContext,
    run: (transport: DropboxTransport) => Promise<T>,
  ): Promise<T> {
    const transport = this.createTransport(context);
    try {
      return await run(transport);
    } finally {
      transport.close();
    }
  }

  /** Sends one request, classifying errors and retrying transient ones. */
  private send<T>(
    context: CloudStorageOperationContext,
    subject: DropboxErrorSubject,
    request: () => Promise<T>,
  ): Promise<T> {
    return withRetries(
      async () => {
        try {
          return await request();
        } catch (error) {
          throw classifyDropboxError(error, {
            ...subject,
            timeoutMs: context.timeoutMs,
            cancelled: context.signal.aborted,
          });
        }
      },
      { ...this.retry, signal: context.signal, logger: context.logger },
    );
  }

  /** Revokes a token, logging instead of throwing when that fails. */
  private async revokeQuietly(
    accessToken: string,
    transport: DropboxTransport,
    context: CloudStorageOperationContext,
  ): Promise<void> {
    try {
      await createClient(accessToken, transport).authTokenRevoke();
    } catch (error) {
      const classified = classifyDropboxError(error, { operation: 'revoke' });
      context.logger.warn(
        'Could not revoke the Dropbox token of a failed connection',
        {
          kind: classified.kind,
          error: classified.message,
        },
      );
    }
  }
}

/**
 * Creates an SDK client for one access token. It gets no refresh token, so
 * the SDK never refreshes on its own: the backend decides when to refresh,
 * under a lock.
 */
function createClient(accessToken: string, transport: DropboxTransport) {
  const auth = new DropboxAuth({ accessToken, fetch: transport.fetch });
  return new Dropbox({ auth, fetch: transport.fetch });
}

function assertRequiredScopes(
  grantedScopes: string | undefined,
  settings: DropboxProviderSettings,
): void {
  if (grantedScopes === undefined) {
    return;
  }
  const granted = new Set(grantedScopes.split(/\s+/));
  const missing = requiredScopes.filter(scope => !granted.has(scope));
  if (missing.length > 0) {
    throw new CloudStorageError({
      kind: 'access-denied',
      message:
        `The Dropbox app "${settings.appKey}" lacks the permission ` +
        `${missing.join(' and ')}. Ask a portal admin to enable it on the ` +
        'Permissions tab of the app in the Dropbox App Console, then ' +
        'connect again.',
    });
  }
}

function validateContent(content: Buffer, sha256: string, path: string): void {
  if (content.length > maxUploadBytes) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `The file ${path} has ${content.length} bytes, more than the ` +
        '150 MiB that Dropbox accepts in one upload. Export fewer ' +
        'resources at once.',
    });
  }
  const actual = createHash('sha256').update(content).digest('hex');
  if (actual !== sha256) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `The SHA-256 given for ${path} does not match its content ` +
        `(expected ${sha256.slice(0, 80)}, computed ${actual}). Export ` +
        'the file again.',
    });
  }
}

/**
 * Compares the content hash and size Dropbox stored with those of the bytes
 * sent, so that a success means the file is intact.
 */
function verifyStoredFile(
  metadata: { content_hash?: string; size: number; path_display?: string },
  contentHash: string,
  bytes: number,
): void {
  if (metadata.size === bytes && metadata.content_hash === contentHash) {
    return;
  }
  throw new CloudStorageError({
    kind: 'provider-error',
    retryable: true,
    message:
      `Dropbox stored ${metadata.path_display ?? 'the file'} with ` +
      `${metadata.size} bytes and content hash ` +
      `${metadata.content_hash ?? 'none'}, but ${bytes} bytes with ` +
      `content hash ${contentHash} were sent. Sync again.`,
  });
}

function describeLocation(
  pathDisplay: string,
  settings: DropboxProviderSettings,
): string {
  if (settings.appFolderName) {
    return `Dropbox: /Apps/${settings.appFolderName}${pathDisplay}`;
  }
  return `Dropbox app folder: ${pathDisplay}`;
}

/** Turns the status of the probe into the result of "Test connection". */
function describeProbe(
  url: string,
  statusCode: number,
  timing: { durationMs: number; proxy?: string },
): CloudStorageTestConnectionResult {
  const via = timing.proxy ? ` through the proxy ${timing.proxy}` : ' directly';
  if (statusCode >= 500) {
    return {
      ok: false,
      ...timing,
      message:
        `Reached ${url}${via}, but it answered HTTP ${statusCode}. A proxy ` +
        'answers so when it cannot reach Dropbox; check its allow list for ' +
        'api.dropboxapi.com, content.dropboxapi.com and www.dropbox.com.',
    };
  }
  return {
    ok: true,
    ...timing,
    message:
      `Reached Dropbox at ${url}${via} in ${timing.durationMs} ms ` +
      `(HTTP ${statusCode} to an unauthenticated request).`,
  };
}
