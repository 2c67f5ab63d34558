import {
  FakeBox,
  startFakeBox,
  submitFakeBoxConsent,
} from '@internal/local-cloud-servers';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { BoxOAuth, OAuthConfig } from 'box-node-sdk/box';
import { BoxStorageProvider } from './BoxStorageProvider';
import {
  createTestContext,
  failureOf,
} from '@internal/backstage-plugin-password-export-node/testUtils';
import { bypassProxyForLoopback } from './__testUtils__/proxyEnvironment';

const app = {
  clientId: 'box-oauth-test-client-id',
  clientSecret: 'box-oauth-test-client-secret-value',
  redirectUris: [
    'http://127.0.0.1:7007/api/password-export/oauth/box/callback',
  ],
};
const redirectUri = app.redirectUris[0];
const settings = { clientId: app.clientId, clientSecret: app.clientSecret };

describe('BoxStorageProvider OAuth flow', () => {
  let restoreProxy: () => void;
  let fake: FakeBox;
  let provider: BoxStorageProvider;

  beforeAll(() => {
    restoreProxy = bypassProxyForLoopback();
  });

  afterAll(() => {
    restoreProxy();
  });

  beforeEach(async () => {
    fake = await startFakeBox({
      clients: [app],
      users: [{ id: '4242', name: 'Ada Lovelace', login: 'ada@example.com' }],
    });
    provider = new BoxStorageProvider({
      serviceUrl: fake.url,
      retry: { baseDelayMs: 1, maxAttempts: 3 },
    });
  });

  afterEach(async () => {
    await fake.close();
  });

  async function authorize(state = 'state-0123456789') {
    const { context } = createTestContext({ settings });
    const { authorizationUrl, codeVerifier } =
      await provider.startAuthorization({ ...context, state, redirectUri });
    const consent = await submitFakeBoxConsent(authorizationUrl);
    if (!('redirectedTo' in consent)) {
      throw new Error(`consent failed with ${consent.error}`);
    }
    return {
      authorizationUrl,
      codeVerifier,
      redirectedTo: consent.redirectedTo,
      code: consent.redirectedTo.searchParams.get('code')!,
    };
  }

  function connect(code: string, contextSettings: object = settings) {
    const test = createTestContext({ settings: { ...contextSettings } });
    const result = provider.connect({
      ...test.context,
      input: { code },
      oauth: { redirectUri },
    });
    return { result, logLines: test.logLines };
  }

  it('builds the consent URL with the OAuth parameters', async () => {
    const { authorizationUrl, codeVerifier } = await authorize();
    const url = new URL(authorizationUrl);

    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/oauth2/authorize`);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(app.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('state')).toBe('state-0123456789');
    expect(url.searchParams.get('scope')).toBe('root_readwrite');
    expect(codeVerifier).toBeUndefined();
  });

  it('uses the parameters of the SDK and Box hosts without a local server', async () => {
    const boxProvider = new BoxStorageProvider();
    const { context } = createTestContext({ settings });
    const { authorizationUrl } = await boxProvider.startAuthorization({
      ...context,
      state: 'state-1',
      redirectUri,
    });
    const sdkUrl = new BoxOAuth({
      config: new OAuthConfig({
        clientId: app.clientId,
        clientSecret: app.clientSecret,
      }),
    }).getAuthorizeUrl({
      redirectUri,
      state: 'state-1',
      scope: 'root_readwrite',
    });

    const ours = new URL(authorizationUrl);
    const theirs = new URL(sdkUrl);
    expect(ours.origin + ours.pathname).toBe(theirs.origin + theirs.pathname);
    expect([...ours.searchParams].sort()).toEqual(
      [...theirs.searchParams].sort(),
    );
  });

  it('returns the code and state to the redirect URI on Allow', async () => {
    const { redirectedTo, code } = await authorize('state-abc');

    expect(`${redirectedTo.origin}${redirectedTo.pathname}`).toBe(redirectUri);
    expect(redirectedTo.searchParams.get('state')).toBe('state-abc');
    expect(code).toBeTruthy();
  });

  it('returns access_denied to the redirect URI on Deny', async () => {
    const { context } = createTestContext({ settings });
    const { authorizationUrl } = await provider.startAuthorization({
      ...context,
      state: 'state-deny',
      redirectUri,
    });

    const consent = await submitFakeBoxConsent(authorizationUrl, {
      decision: 'deny',
    });

    const target = (consent as { redirectedTo: URL }).redirectedTo;
    expect(target.searchParams.get('error')).toBe('access_denied');
    expect(target.searchParams.get('state')).toBe('state-deny');
    expect(target.searchParams.has('code')).toBe(false);
  });

  it('connects with a code and labels the account', async () => {
    const { code } = await authorize();
    const startedAt = Date.now();

    const { result, logLines } = connect(code);
    const connection = await result;
    const finishedAt = Date.now();

    expect(connection.accountLabel).toBe(
      'Box account of Ada Lovelace (ada@example.com)',
    );
    expect(connection.credentials).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      userId: '4242',
    });
    // Box access tokens last 3600 s, counted from before the token request.
    const expiresAt = connection.expiresAt!.getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(startedAt + 3_600_000);
    expect(expiresAt).toBeLessThanOrEqual(finishedAt + 3_600_000);
    expect(fake.controls.tokenRequests()).toEqual({ authorization_code: 1 });
    const logs = logLines.join('\n');
    expect(logs).toContain('Connected Box account');
    expect(logs).not.toContain(code);
    expect(logs).not.toContain(String(connection.credentials.accessToken));
    expect(logs).not.toContain(String(connection.credentials.refreshToken));
  });

  it('rejects a replayed code with a message that keeps it secret', async () => {
    const { code } = await authorize();
    await connect(code).result;

    const { result, logLines } = connect(code);
    const error = await failureOf<CloudStorageError>(result);

    expect(error).toBeInstanceOf(CloudStorageError);
    expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
    expect(error.message).toMatch(/Connect to Box again/);
    expect(error.message).not.toContain(code);
    expect(JSON.stringify(error.cause)).not.toContain(code);
    expect(String(error.cause)).not.toContain(app.clientSecret);
    expect(logLines.join('\n')).not.toContain(code);
  });

  it('rejects an expired code', async () => {
    const { code } = await authorize();
    fake.controls.expireAuthorizationCodes();

    const error = await failureOf<CloudStorageError>(connect(code).result);

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
    expect(error.message).toContain('30 seconds');
  });

  it('never reaches the token endpoint for a wrong redirect URI', async () => {
    const { context } = createTestContext({ settings });
    const { authorizationUrl } = await provider.startAuthorization({
      ...context,
      state: 'state-1',
      redirectUri: 'https://portal.example.com/not-registered',
    });

    const consent = await submitFakeBoxConsent(authorizationUrl);

    expect(consent).toEqual({ status: 400, error: 'redirect_uri_mismatch' });
    expect(fake.controls.tokenRequests()).toEqual({});
  });

  it('names the client settings when Box rejects the client secret', async () => {
    const { code } = await authorize();

    const { result, logLines } = connect(code, {
      ...settings,
      clientSecret: 'wrong-client-secret-value',
    });
    const error = await failureOf<CloudStorageError>(result);

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'clientId' });
    expect(error.message).toContain('client ID or client secret');
    expect(error.message).not.toContain('wrong-client-secret-value');
    expect(logLines.join('\n')).not.toContain('wrong-client-secret-value');
  });

  it('rejects connecting without a client ID before any request', async () => {
    const error = await failureOf<CloudStorageError>(
      connect('some-code', { clientSecret: app.clientSecret }).result,
    );

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'clientId' });
    expect(error.message).toContain('client ID is missing');
    expect(fake.controls.tokenRequests()).toEqual({});
  });

  it('rejects an empty code before any request', async () => {
    const error = await failureOf<CloudStorageError>(connect('  ').result);

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
    expect(fake.controls.tokenRequests()).toEqual({});
  });

  it('revokes the tokens when reading the user fails after the exchange', async () => {
    const { code } = await authorize();
    fake.controls.failNext('users.me', { status: 403 });

    const error = await failureOf<CloudStorageError>(connect(code).result);

    expect(error.kind).toBe('access-denied');
    expect(fake.controls.requestCount('revoke')).toBe(1);
  });

  describe('refreshCredentials', () => {
    it('replaces both tokens and retires the old refresh token', async () => {
      const connection = await connect((await authorize()).code).result;
      const { context, logLines } = createTestContext({ settings });

      const refreshed = await provider.refreshCredentials({
        ...context,
        credentials: connection.credentials,
      });
      const reuse = await failureOf<CloudStorageError>(
        provider.refreshCredentials({
          ...context,
          credentials: connection.credentials,
        }),
      );

      expect(refreshed.credentials.accessToken).not.toBe(
        connection.credentials.accessToken,
      );
      expect(refreshed.credentials.refreshToken).not.toBe(
        connection.credentials.refreshToken,
      );
      expect(refreshed.credentials.userId).toBe('4242');
      expect(refreshed.expiresAt!.getTime()).toBeGreaterThan(Date.now());
      expect(reuse).toMatchObject({
        kind: 'credentials-rejected',
        retryable: false,
      });
      expect(reuse.message).toContain('Connect to Box again');
      expect(fake.controls.tokenRequests().refresh_token).toBe(2);
      const text = [
        logLines.join('\n'),
        reuse.message,
        String(reuse.cause),
      ].join('\n');
      for (const secret of [
        connection.credentials.refreshToken,
        refreshed.credentials.refreshToken,
        refreshed.credentials.accessToken,
        app.clientSecret,
      ]) {
        expect(text).not.toContain(String(secret));
      }
    });

    it('rejects a revoked refresh token', async () => {
      const connection = await connect((await authorize()).code).result;
      fake.controls.revokeRefreshTokens();
      const { context } = createTestContext({ settings });

      const error = await failureOf<CloudStorageError>(
        provider.refreshCredentials({
          ...context,
          credentials: connection.credentials,
        }),
      );

      expect(error.kind).toBe('credentials-rejected');
    });

    it('lets one of two racing refreshes win', async () => {
      const connection = await connect((await authorize()).code).result;
      fake.controls.setTokenLatency(150);
      const { context } = createTestContext({ settings });
      const refresh = () =>
        provider
          .refreshCredentials({
            ...context,
            credentials: connection.credentials,
          })
          .then(
            () => 'refreshed',
            (error: CloudStorageError) => error.kind,
          );

      const outcomes = await Promise.all([refresh(), refresh()]);

      // Without the backend's lock, the loser of the race has lost the
      // connection: Box refresh tokens are single use.
      expect(outcomes.sort()).toEqual(['credentials-rejected', 'refreshed']);
    });

    it('rejects incomplete stored credentials', async () => {
      const { context } = createTestContext({ settings });

      const error = await failureOf<CloudStorageError>(
        provider.refreshCredentials({
          ...context,
          credentials: { accessToken: 'a' },
        }),
      );

      expect(error.kind).toBe('credentials-rejected');
      expect(fake.controls.tokenRequests()).toEqual({});
    });
  });

  describe('disconnect', () => {
    it('revokes the tokens at Box', async () => {
      const connection = await connect((await authorize()).code).result;
      const { context, logLines } = createTestContext({ settings });

      await provider.disconnect({
        ...context,
        credentials: connection.credentials,
      });
      const refresh = await failureOf<CloudStorageError>(
        provider.refreshCredentials({
          ...context,
          credentials: connection.credentials,
        }),
      );
      const upload = await failureOf<CloudStorageError>(
        provider.upload({
          ...context,
          credentials: connection.credentials,
          file: {
            name: 'after-disconnect.html',
            content: Buffer.from('x'),
            sha256: 'unused',
            contentType: 'text/html; charset=utf-8',
            metadata: {},
          },
        }),
      );

      expect(fake.controls.requestCount('revoke')).toBe(1);
      expect(refresh.kind).toBe('credentials-rejected');
      expect(upload.kind).toBe('credentials-expired');
      expect(logLines.join('\n')).toContain('Revoked Box tokens');
    });
  });
});
