import { JsonObject } from '@backstage/types';
import {
  defaultFakeDropboxAccount,
  defaultFakeDropboxApp,
  FakeDropbox,
  startFakeDropbox,
} from '@internal/local-cloud-servers';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import {
  appSettings,
  captureError,
  clearProxyEnvironment,
  connectThroughConsent,
  countRequests,
  createProvider,
  expectNoSecrets,
  htmlFile,
} from './__testUtils__/dropboxTestSetup';
import { DropboxStorageProvider } from './DropboxStorageProvider';

const accountId = defaultFakeDropboxAccount.accountId;
const uploadPath = '/2/files/upload';

describe('DropboxStorageProvider failures', () => {
  let restoreEnvironment: () => void;
  let dropbox: FakeDropbox;
  let provider: DropboxStorageProvider;
  let credentials: JsonObject;
  /** Every secret the tests saw, checked against every log line and message. */
  const secrets: string[] = [defaultFakeDropboxApp.appSecret];
  const texts: string[] = [];

  beforeAll(async () => {
    restoreEnvironment = clearProxyEnvironment();
    dropbox = await startFakeDropbox();
    provider = createProvider(dropbox.url);
  });

  beforeEach(async () => {
    const connected = await connectThroughConsent(provider);
    credentials = connected.connection.credentials;
    secrets.push(...connected.secrets);
    texts.push(...connected.logLines);
  });

  afterEach(() => {
    dropbox.clearFaults();
  });

  afterAll(async () => {
    await dropbox?.close();
    restoreEnvironment();
  });

  /** Runs a provider call with a recording context and keeps its output. */
  async function run<T>(
    call: (
      context: ReturnType<typeof createTestContext>['context'],
    ) => Promise<T>,
    settings: Record<string, string> = appSettings,
  ): Promise<T> {
    const { context, logLines } = createTestContext({ settings });
    try {
      return await call(context);
    } catch (error) {
      texts.push(String((error as Error).message));
      throw error;
    } finally {
      texts.push(...logLines);
    }
  }

  function upload(name = 'passwords-orders-db.html', content = 'export') {
    return run(context =>
      provider.upload({
        ...context,
        credentials,
        file: htmlFile(name, Buffer.from(content)),
      }),
    );
  }

  describe('access tokens', () => {
    it('reports an expired access token without retrying', async () => {
      dropbox.expireAccessTokens();
      const uploadsBefore = countRequests(dropbox, uploadPath);

      const error = await captureError(upload());

      expect(error).toMatchObject({
        kind: 'credentials-expired',
        retryable: false,
      });
      expect(countRequests(dropbox, uploadPath)).toBe(uploadsBefore + 1);
    });

    it('refreshes once and keeps the refresh token', async () => {
      dropbox.expireAccessTokens();
      const refreshToken = credentials.refreshToken;
      const refreshCallsBefore = dropbox.countTokenRequests('refresh_token');
      const startedAt = Date.now();

      const refreshed = await run(context =>
        provider.refreshCredentials({ ...context, credentials }),
      );
      credentials = refreshed.credentials;
      secrets.push(String(credentials.accessToken));

      expect(dropbox.countTokenRequests('refresh_token')).toBe(
        refreshCallsBefore + 1,
      );
      expect(dropbox.tokenRequests.at(-1)).toEqual({
        grantType: 'refresh_token',
        withClientSecret: false,
        withCodeVerifier: false,
        parametersInQuery: false,
        status: 200,
      });
      expect(refreshed.credentials).toEqual({
        accessToken: expect.stringMatching(/^sl\./),
        refreshToken,
        accountId,
      });
      const lifetimeMs = refreshed.expiresAt!.getTime() - startedAt;
      expect(lifetimeMs).toBeGreaterThan(14_400_000 - 60_000);
      await expect(upload()).resolves.toMatchObject({
        location: 'Dropbox app folder: /passwords-orders-db.html',
      });
    });

    it('sends the app secret when refreshing if one is set', async () => {
      const settings = {
        ...appSettings,
        appSecret: defaultFakeDropboxApp.appSecret,
      };

      await run(
        context => provider.refreshCredentials({ ...context, credentials }),
        settings,
      );

      expect(dropbox.tokenRequests.at(-1)).toMatchObject({
        grantType: 'refresh_token',
        withClientSecret: true,
        status: 200,
      });
    });

    it('names the app settings when the app secret is wrong', async () => {
      const wrongSecret = 'wrong-app-secret-0123456789';
      secrets.push(wrongSecret);

      const error = await captureError(
        run(
          context => provider.refreshCredentials({ ...context, credentials }),
          { ...appSettings, appSecret: wrongSecret },
        ),
      );

      expect(error).toMatchObject({ kind: 'provider-error', retryable: false });
      expect(error.message).toContain(
        `Dropbox rejected the app key "${appSettings.appKey}" or the app secret`,
      );
    });

    it('rejects a revoked refresh token', async () => {
      dropbox.revokeRefreshToken(String(credentials.refreshToken));

      const error = await captureError(
        run(context =>
          provider.refreshCredentials({ ...context, credentials }),
        ),
      );

      expect(error).toMatchObject({
        kind: 'credentials-rejected',
        retryable: false,
      });
      expect(error.message).toMatch(/Reconnect Dropbox/);
    });

    it('rejects stored credentials without a refresh token', async () => {
      const { refreshToken: _unused, ...withoutRefreshToken } = credentials;

      const error = await captureError(
        run(context =>
          provider.refreshCredentials({
            ...context,
            credentials: withoutRefreshToken,
          }),
        ),
      );

      expect(error.kind).toBe('credentials-rejected');
    });

    it('retries a token refresh that failed with HTTP 503', async () => {
      dropbox.queueFault('/oauth2/token', {
        type: 'server-error',
        status: 503,
      });
      const tokenCallsBefore = countRequests(dropbox, '/oauth2/token');

      const refreshed = await run(context =>
        provider.refreshCredentials({ ...context, credentials }),
      );
      secrets.push(String(refreshed.credentials.accessToken));

      expect(countRequests(dropbox, '/oauth2/token')).toBe(
        tokenCallsBefore + 2,
      );
      expect(dropbox.tokenRequests.at(-1)).toMatchObject({
        grantType: 'refresh_token',
        status: 200,
      });
    });
  });

  describe('rate limits and server errors', () => {
    it('waits for Retry-After and retries after HTTP 429', async () => {
      dropbox.queueFault(uploadPath, {
        type: 'rate-limit',
        reason: 'too_many_write_operations',
        retryAfterSeconds: 1,
      });
      const uploadsBefore = countRequests(dropbox, uploadPath);
      const startedAt = Date.now();

      await upload('rate-limited.html', 'after the wait');

      const elapsedMs = Date.now() - startedAt;
      expect(elapsedMs).toBeGreaterThanOrEqual(1000);
      expect(elapsedMs).toBeLessThan(5000);
      expect(countRequests(dropbox, uploadPath)).toBe(uploadsBefore + 2);
      expect(
        dropbox.readFile(accountId, '/rate-limited.html')?.toString(),
      ).toBe('after the wait');
      expect(texts.join('\n')).toMatch(
        /Cloud storage operation failed, retrying.*"delayMs":1000.*"kind":"throttled"/,
      );
    });

    it('gives up at once on a Retry-After beyond the wait budget', async () => {
      dropbox.queueFault(uploadPath, {
        type: 'rate-limit',
        retryAfterSeconds: 120,
      });
      const uploadsBefore = countRequests(dropbox, uploadPath);
      const startedAt = Date.now();

      const error = await captureError(upload());

      expect(Date.now() - startedAt).toBeLessThan(2000);
      expect(error).toMatchObject({
        kind: 'throttled',
        retryAfterMs: 120_000,
        retryable: true,
      });
      expect(error.message).toMatch(/slow down \(too_many_requests\)/);
      expect(countRequests(dropbox, uploadPath)).toBe(uploadsBefore + 1);
    });

    it('retries HTTP 503 and a reset connection', async () => {
      dropbox.queueFault(uploadPath, { type: 'server-error', status: 503 }, 2);
      dropbox.queueFault(uploadPath, { type: 'connection-reset' });
      const uploadsBefore = countRequests(dropbox, uploadPath);

      await upload('flaky.html', 'finally stored');

      expect(countRequests(dropbox, uploadPath)).toBe(uploadsBefore + 4);
      expect(dropbox.readFile(accountId, '/flaky.html')?.toString()).toBe(
        'finally stored',
      );
    });

    it('reports a persistent HTTP 500 after four attempts', async () => {
      dropbox.queueFault(uploadPath, { type: 'server-error', status: 500 }, 10);
      const uploadsBefore = countRequests(dropbox, uploadPath);

      const error = await captureError(upload());

      expect(error).toMatchObject({ kind: 'provider-error', retryable: true });
      expect(error.message).toBe(
        'Dropbox failed with HTTP 500 during the upload of ' +
          '/passwords-orders-db.html. Try again later; ' +
          'https://status.dropbox.com lists outages.',
      );
      expect(countRequests(dropbox, uploadPath)).toBe(uploadsBefore + 4);
    });

    it('does not retry a code exchange that failed with HTTP 503', async () => {
      const { context } = createTestContext({ settings: appSettings });
      const { authorizationUrl, codeVerifier } =
        await provider.startAuthorization({ ...context, state: 'state' });
      const challenge = new URL(authorizationUrl).searchParams.get(
        'code_challenge',
      )!;
      const code = dropbox.issueCode({
        clientId: appSettings.appKey,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        tokenAccessType: 'offline',
      });
      secrets.push(code, codeVerifier!);
      dropbox.queueFault('/oauth2/token', {
        type: 'server-error',
        status: 503,
      });
      const tokenCallsBefore = countRequests(dropbox, '/oauth2/token');

      const error = await captureError(
        run(c =>
          provider.connect({ ...c, input: { code }, oauth: { codeVerifier } }),
        ),
      );

      expect(error).toMatchObject({ kind: 'provider-error', retryable: false });
      expect(error.message).toMatch(/Start connecting Dropbox again/);
      expect(countRequests(dropbox, '/oauth2/token')).toBe(
        tokenCallsBefore + 1,
      );
    });

    it('retries a code exchange after HTTP 429', async () => {
      dropbox.queueFault('/oauth2/token', {
        type: 'rate-limit',
        retryAfterSeconds: 0,
      });

      const connected = await connectThroughConsent(provider);
      secrets.push(...connected.secrets);

      expect(connected.connection.credentials.accountId).toBe(accountId);
    });
  });

  describe('storage errors', () => {
    it('reports a full Dropbox as quota exceeded', async () => {
      dropbox.setQuota(accountId, 10);
      try {
        const error = await captureError(
          upload('too-big.html', 'more than ten bytes'),
        );

        expect(error).toMatchObject({
          kind: 'quota-exceeded',
          retryable: false,
        });
        expect(error.message).toBe(
          'The Dropbox account has no space left for /too-big.html (19 bytes). ' +
            'Free some space in Dropbox or upgrade the plan, then sync again.',
        );
      } finally {
        dropbox.setQuota(accountId, 2 * 1024 * 1024 * 1024);
      }
    });
  });

  describe('network errors', () => {
    it('does not quote the token URL when the server is unreachable', async () => {
      const server = http.createServer();
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      await new Promise<void>(r => server.close(() => r()));
      const unreachable = createProvider(`http://127.0.0.1:${port}`, {
        retry: { maxAttempts: 1 },
      });
      const { context, logLines } = createTestContext({
        settings: { ...appSettings, appSecret: 'secret-never-shown-1234' },
      });
      const code = 'Q2hlY2tDb2RlVGhhdE11c3ROb3RMZWFrMTIzNDU2Nzg5';
      const codeVerifier = `${'V'.repeat(43)}erifier`;

      const exchange = await captureError(
        unreachable.connect({
          ...context,
          input: { code },
          oauth: { codeVerifier },
        }),
      );
      const refresh = await captureError(
        unreachable.refreshCredentials({
          ...context,
          credentials: {
            accessToken: 'sl.old',
            refreshToken: 'refresh-never-shown-1234',
          },
        }),
      );

      expect(exchange.kind).toBe('unreachable');
      expect(refresh.kind).toBe('unreachable');
      expect(exchange.message).toMatch(
        /could not reach Dropbox at http:\/\/127\.0\.0\.1/,
      );
      const everything = [
        exchange.message,
        String((exchange.cause as Error).message),
        refresh.message,
        String((refresh.cause as Error).message),
        ...logLines,
      ];
      expectNoSecrets(everything, [
        code,
        codeVerifier,
        'secret-never-shown-1234',
        'refresh-never-shown-1234',
      ]);
    });
  });

  it('never logs or reports a token, code, verifier or secret', () => {
    expect(texts.length).toBeGreaterThan(20);
    expectNoSecrets(texts, secrets);
  });
});
