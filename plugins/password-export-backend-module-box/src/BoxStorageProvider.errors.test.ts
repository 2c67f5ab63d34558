import { JsonObject } from '@backstage/types';
import { FakeBox, startFakeBox } from '@internal/local-cloud-servers';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { BoxStorageProvider } from './BoxStorageProvider';
import {
  createTestContext,
  failureOf,
} from '@internal/backstage-plugin-password-export-node/testUtils';
import { bypassProxyForLoopback } from './__testUtils__/proxyEnvironment';

const settings = {
  clientId: 'local-box-client-id',
  clientSecret: 'local-box-client-secret',
};

const file = {
  name: 'errors.html',
  content: Buffer.from('<p>export</p>'),
  sha256: 'unused',
  contentType: 'text/html; charset=utf-8',
  metadata: {},
};

describe('BoxStorageProvider error handling', () => {
  let restoreProxy: () => void;
  let fake: FakeBox;
  let credentials: JsonObject;
  let secrets: string[];

  beforeAll(() => {
    restoreProxy = bypassProxyForLoopback();
  });

  afterAll(() => {
    restoreProxy();
  });

  beforeEach(async () => {
    fake = await startFakeBox();
    const tokens = fake.controls.issueTokens();
    credentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      userId: fake.users[0].id,
    };
    secrets = [tokens.accessToken, tokens.refreshToken, settings.clientSecret];
  });

  afterEach(async () => {
    await fake.close();
  });

  function createProvider(retry = { baseDelayMs: 1, maxAttempts: 3 }) {
    return new BoxStorageProvider({ serviceUrl: fake.url, retry });
  }

  /**
   * Uploads and resolves with the error, after checking that no secret is
   * in the message, the cause or the logs.
   */
  async function uploadFailure(
    provider = createProvider(),
    timeoutMs = 5000,
  ): Promise<CloudStorageError> {
    const { context, logLines } = createTestContext({ settings, timeoutMs });
    const error = await failureOf<CloudStorageError>(
      provider.upload({ ...context, credentials, file }),
    );
    const text = [
      error.message,
      inspect(error, { depth: 5 }),
      JSON.stringify(error),
      logLines.join('\n'),
    ].join('\n');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
    }
    return error;
  }

  it('classifies an expired access token as credentials-expired', async () => {
    fake.controls.expireAccessTokens();

    const error = await uploadFailure();

    expect(error).toBeInstanceOf(CloudStorageError);
    expect(error).toMatchObject({
      kind: 'credentials-expired',
      retryable: false,
    });
    // The SDK must not refresh on its own: that would spend the refresh token.
    expect(fake.controls.tokenRequests()).toEqual({});
    expect(fake.controls.requestCount('folders.create')).toBe(1);
  });

  it('works again with refreshed credentials after an expiry', async () => {
    fake.controls.expireAccessTokens();
    const provider = createProvider();
    const { context } = createTestContext({ settings });
    await uploadFailure(provider);

    const refreshed = await provider.refreshCredentials({
      ...context,
      credentials,
    });
    const uploaded = await provider.upload({
      ...context,
      credentials: refreshed.credentials,
      file,
    });

    expect(uploaded.remoteId).toBe(fake.controls.files()[0].id);
  });

  it('waits as long as Retry-After asks on 429', async () => {
    fake.controls.failNext('folders.create', {
      status: 429,
      retryAfterSeconds: 1,
    });
    const provider = createProvider();
    const { context, logLines } = createTestContext({ settings });
    const startedAt = Date.now();

    await provider.upload({ ...context, credentials, file });

    const elapsedMs = Date.now() - startedAt;
    expect(elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(elapsedMs).toBeLessThan(5000);
    expect(fake.controls.requestCount('folders.create')).toBe(2);
    expect(logLines.join('\n')).toContain('"kind":"throttled"');
  });

  it('gives up at once when Retry-After exceeds the wait budget', async () => {
    fake.controls.failNext('folders.create', {
      status: 429,
      retryAfterSeconds: 120,
    });
    const startedAt = Date.now();

    const error = await uploadFailure(
      createProvider({ baseDelayMs: 1, maxAttempts: 3 }),
    );

    expect(error).toMatchObject({
      kind: 'throttled',
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(error.message).toContain('It asked to wait 120 s');
    expect(Date.now() - startedAt).toBeLessThan(2000);
    expect(fake.controls.requestCount('folders.create')).toBe(1);
  });

  it('retries a 503 and succeeds', async () => {
    fake.controls.failNext('files.upload', { status: 503 });

    const provider = createProvider();
    const { context } = createTestContext({ settings });
    await provider.upload({ ...context, credentials, file });

    expect(fake.controls.requestCount('files.upload')).toBe(2);
    expect(fake.controls.files()).toHaveLength(1);
  });

  it('retries a 429 on the token endpoint during a refresh', async () => {
    fake.controls.failNext('token', { status: 429, retryAfterSeconds: 0 });
    const provider = createProvider();
    const { context } = createTestContext({ settings });

    const refreshed = await provider.refreshCredentials({
      ...context,
      credentials,
    });

    expect(refreshed.credentials.refreshToken).not.toBe(
      credentials.refreshToken,
    );
    expect(fake.controls.requestCount('token')).toBe(2);
  });

  it('stops after the maximum attempts of repeated 500s', async () => {
    fake.controls.failNext('files.preflight', { status: 500 }, 5);

    const error = await uploadFailure();

    expect(error).toMatchObject({ kind: 'provider-error', retryable: true });
    expect(error.message).toContain('HTTP 500 (internal_server_error)');
    expect(fake.controls.requestCount('files.preflight')).toBe(3);
  });

  it('classifies a 403 as access-denied', async () => {
    fake.controls.failNext('folders.create', {
      status: 403,
      code: 'access_denied_insufficient_permissions',
    });

    const error = await uploadFailure();

    expect(error).toMatchObject({ kind: 'access-denied', retryable: false });
    expect(error.message).toContain('Read and write all files and folders');
  });

  it.each([
    [{ status: 403, code: 'storage_limit_exceeded' }],
    [{ status: 507 }],
  ])('classifies %j as quota-exceeded', async fault => {
    fake.controls.failNext('files.upload', fault);

    const error = await uploadFailure();

    expect(error).toMatchObject({ kind: 'quota-exceeded', retryable: false });
  });

  it('classifies a request without an answer as timed out', async () => {
    fake.controls.failNext('folders.create', { status: 0, hang: true }, 3);
    const startedAt = Date.now();

    const error = await uploadFailure(createProvider(), 300);

    expect(error).toMatchObject({ kind: 'timed-out', retryable: true });
    expect(error.message).toContain('did not respond within 300 ms');
    expect(fake.controls.requestCount('folders.create')).toBe(3);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('classifies a closed port as unreachable', async () => {
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise(resolve => server.close(resolve));
    const provider = new BoxStorageProvider({
      serviceUrl: `http://127.0.0.1:${port}`,
      retry: { baseDelayMs: 1, maxAttempts: 2 },
    });

    const error = await uploadFailure(provider);

    expect(error).toMatchObject({ kind: 'unreachable', retryable: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
  });

  it('classifies a refresh with invalid_client for the admin', async () => {
    const provider = createProvider();
    const { context, logLines } = createTestContext({
      settings: { ...settings, clientSecret: 'rotated-client-secret-value' },
    });

    const error = await failureOf<CloudStorageError>(
      provider.refreshCredentials({ ...context, credentials }),
    );

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'clientId' });
    expect(error.message).not.toContain('rotated-client-secret-value');
    expect(logLines.join('\n')).not.toContain('rotated-client-secret-value');
  });
});
