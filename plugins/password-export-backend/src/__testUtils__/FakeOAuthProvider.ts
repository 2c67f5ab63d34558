import { JsonObject } from '@backstage/types';
import {
  CloudStorageAuthorization,
  CloudStorageAuthorizationContext,
  CloudStorageConnectContext,
  CloudStorageConnection,
  CloudStorageConnectionMethod,
  CloudStorageError,
  CloudStorageField,
  CloudStorageProvider,
  CloudStorageRefreshedCredentials,
  CloudStorageRemoveContext,
  CloudStorageTestConnectionResult,
  CloudStorageUploadContext,
  CloudStorageUploadResult,
  CloudStorageUserContext,
} from '@internal/backstage-plugin-password-export-node';

/**
 * An OAuth provider whose authorization server lives in memory: it issues
 * codes bound to a PKCE verifier or redirect URI, access tokens with an
 * expiry and single-use refresh tokens, like Box does. The state is shared
 * by every backend that registers the same instance, as a real provider's
 * server would be.
 */
export class FakeOAuthProvider implements CloudStorageProvider {
  readonly settings: CloudStorageField[] = [
    { key: 'clientId', title: 'Client ID', type: 'string', required: true },
  ];
  readonly connectionFields: CloudStorageField[] = [];
  readonly testConnectionFields: CloudStorageField[] = [];

  /** Codes issued on consent, with what the exchange must present. */
  readonly codes = new Map<
    string,
    { codeVerifier?: string; redirectUri?: string; account: string }
  >();
  readonly validAccessTokens = new Set<string>();
  readonly validRefreshTokens = new Set<string>();
  refreshCalls = 0;
  /** Time a refresh takes, to make races between callers observable. */
  refreshDelayMs = 0;
  /** Lifetime of the access tokens it issues. */
  accessTokenLifetimeMs = 60 * 60_000;
  readonly uploads: Array<{ name: string; accessToken: string }> = [];
  readonly lastAuthorization: { state?: string; redirectUri?: string } = {};
  #counter = 0;

  constructor(
    readonly id: string,
    readonly title: string,
    readonly connectionMethod: CloudStorageConnectionMethod,
  ) {}

  /** Issues a code as the provider's consent page would after "Allow". */
  grantCode(account = 'Ada'): string {
    const code = `code-${++this.#counter}`;
    this.codes.set(code, {
      codeVerifier:
        this.connectionMethod === 'oauth-code-paste'
          ? `verifier-of-${this.lastAuthorization.state}`
          : undefined,
      redirectUri: this.lastAuthorization.redirectUri,
      account,
    });
    return code;
  }

  /** Makes every access token issued so far invalid, as at expiry. */
  expireAccessTokens(): void {
    this.validAccessTokens.clear();
  }

  #issueTokens(): { credentials: JsonObject; expiresAt: Date } {
    const accessToken = `access-${++this.#counter}`;
    const refreshToken = `refresh-${++this.#counter}`;
    this.validAccessTokens.add(accessToken);
    this.validRefreshTokens.add(refreshToken);
    return {
      credentials: { accessToken, refreshToken },
      expiresAt: new Date(Date.now() + this.accessTokenLifetimeMs),
    };
  }

  async testConnection(): Promise<CloudStorageTestConnectionResult> {
    return {
      ok: true,
      message: 'Reached the fake OAuth storage',
      durationMs: 1,
    };
  }

  async startAuthorization(
    context: CloudStorageAuthorizationContext,
  ): Promise<CloudStorageAuthorization> {
    this.lastAuthorization.state = context.state;
    this.lastAuthorization.redirectUri = context.redirectUri;
    const url = new URL('https://fake-oauth.example/authorize');
    url.searchParams.set('client_id', String(context.settings.clientId));
    url.searchParams.set('state', context.state);
    if (context.redirectUri) {
      url.searchParams.set('redirect_uri', context.redirectUri);
    }
    return {
      authorizationUrl: url.toString(),
      codeVerifier:
        this.connectionMethod === 'oauth-code-paste'
          ? `verifier-of-${context.state}`
          : undefined,
    };
  }

  async connect(
    context: CloudStorageConnectContext,
  ): Promise<CloudStorageConnection> {
    const grant = this.codes.get(context.input.code);
    this.codes.delete(context.input.code);
    if (
      !grant ||
      grant.codeVerifier !== context.oauth?.codeVerifier ||
      grant.redirectUri !== context.oauth?.redirectUri
    ) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        field: 'code',
        message:
          'The authorization code is invalid or expired; authorize again',
      });
    }
    return {
      ...this.#issueTokens(),
      accountLabel: `${this.title} account of ${grant.account}`,
    };
  }

  async refreshCredentials(
    context: CloudStorageUserContext,
  ): Promise<CloudStorageRefreshedCredentials> {
    this.refreshCalls += 1;
    const refreshToken = String(context.credentials.refreshToken);
    await new Promise(resolve => setTimeout(resolve, this.refreshDelayMs));
    if (!this.validRefreshTokens.delete(refreshToken)) {
      throw new CloudStorageError({
        kind: 'credentials-rejected',
        message: `${this.title} rejected the refresh token; reconnect ${this.title}`,
      });
    }
    return this.#issueTokens();
  }

  #assertAccess(credentials: JsonObject): string {
    const accessToken = String(credentials.accessToken);
    if (!this.validAccessTokens.has(accessToken)) {
      throw new CloudStorageError({
        kind: 'credentials-expired',
        message: `The ${this.title} access token expired`,
      });
    }
    return accessToken;
  }

  async upload(
    context: CloudStorageUploadContext,
  ): Promise<CloudStorageUploadResult> {
    const accessToken = this.#assertAccess(context.credentials);
    this.uploads.push({ name: context.file.name, accessToken });
    return {
      location: `${this.title}: /${context.file.name}`,
      remoteId: context.file.name,
    };
  }

  async remove(context: CloudStorageRemoveContext): Promise<void> {
    this.#assertAccess(context.credentials);
  }

  async disconnect(context: CloudStorageUserContext): Promise<void> {
    this.validRefreshTokens.delete(String(context.credentials.refreshToken));
  }
}
