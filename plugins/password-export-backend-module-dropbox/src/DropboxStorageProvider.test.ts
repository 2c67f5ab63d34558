import { ConfigReader } from '@backstage/config';
import {
  defaultFakeDropboxAccount,
  defaultFakeDropboxApp,
  FakeDropbox,
  startFakeDropbox,
} from '@internal/local-cloud-servers';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  allowOnConsentPage,
  submitConsent,
} from './__testUtils__/allowOnConsentPage';
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
import { startRelayProxy } from './__testUtils__/startRelayProxy';
import { DropboxStorageProvider } from './DropboxStorageProvider';

const accountId = defaultFakeDropboxAccount.accountId;

async function findClosedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

describe('DropboxStorageProvider against the fake Dropbox server', () => {
  let restoreEnvironment: () => void;
  let dropbox: FakeDropbox;
  let provider: DropboxStorageProvider;

  beforeAll(async () => {
    restoreEnvironment = clearProxyEnvironment();
    dropbox = await startFakeDropbox();
    provider = createProvider(dropbox.url);
  });

  afterAll(async () => {
    await dropbox?.close();
    restoreEnvironment();
  });

  afterEach(() => {
    delete process.env.HTTP_PROXY;
    delete process.env.NO_PROXY;
    dropbox.clearFaults();
  });

  describe('authorization', () => {
    it('builds a PKCE consent URL without redirect URI', async () => {
      const { context } = createTestContext({ settings: appSettings });

      const { authorizationUrl, codeVerifier } =
        await provider.startAuthorization({
          ...context,
          state: 'st4te_With-Chars',
        });

      const url = new URL(authorizationUrl);
      expect(url.origin).toBe(dropbox.url);
      expect(url.pathname).toBe('/oauth2/authorize');
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('client_id')).toBe(appSettings.appKey);
      expect(url.searchParams.get('token_access_type')).toBe('offline');
      expect(url.searchParams.get('state')).toBe('st4te_With-Chars');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.has('redirect_uri')).toBe(false);
      expect(url.searchParams.has('scope')).toBe(false);
      expect(codeVerifier).toMatch(/^[A-Za-z0-9_-]{128}$/);
      expect(url.searchParams.get('code_challenge')).toBe(
        createHash('sha256').update(codeVerifier!).digest('base64url'),
      );
    });

    it('encodes a state with reserved characters', async () => {
      const { context } = createTestContext({ settings: appSettings });

      const { authorizationUrl } = await provider.startAuthorization({
        ...context,
        state: 'a&client_id=evil b',
      });

      const url = new URL(authorizationUrl);
      expect(url.searchParams.get('state')).toBe('a&client_id=evil b');
      expect(url.searchParams.getAll('client_id')).toEqual([
        appSettings.appKey,
      ]);
    });

    it('draws a new verifier for every authorization', async () => {
      const { context } = createTestContext({ settings: appSettings });

      const first = await provider.startAuthorization({
        ...context,
        state: 's1',
      });
      const second = await provider.startAuthorization({
        ...context,
        state: 's2',
      });

      expect(first.codeVerifier).not.toBe(second.codeVerifier);
    });

    it('points at dropbox.com without a local server', async () => {
      const production = DropboxStorageProvider.fromConfig(
        new ConfigReader({}),
      );
      const { context } = createTestContext({ settings: appSettings });

      const { authorizationUrl } = await production.startAuthorization({
        ...context,
        state: 'state',
      });

      expect(authorizationUrl).toMatch(
        /^https:\/\/dropbox\.com\/oauth2\/authorize\?response_type=code&/,
      );
    });

    it('requires the app key setting', async () => {
      const { context } = createTestContext({ settings: {} });

      const error = await captureError(
        provider.startAuthorization({ ...context, state: 'state' }),
      );

      expect(error).toMatchObject({ kind: 'invalid-input', field: 'appKey' });
      expect(error.message).toMatch(/app key is not set/);
    });

    it('shows the denied page and no code on Deny', async () => {
      const { context } = createTestContext({ settings: appSettings });
      const { authorizationUrl } = await provider.startAuthorization({
        ...context,
        state: 'state',
      });

      const page = await submitConsent(authorizationUrl, 'deny');

      expect(page.status).toBe(200);
      expect(page.html).toContain('Access denied');
      expect(page.html).not.toContain('authorization-code');
    });
  });

  describe('connect', () => {
    it('connects with the code shown on the consent page', async () => {
      const tokenCallsBefore = dropbox.tokenRequests.length;
      const startedAt = Date.now();

      const { connection, logLines, secrets } = await connectThroughConsent(
        provider,
      );

      expect(connection.accountLabel).toBe(
        'Dropbox account of Ada Lovelace (ada@example.com)',
      );
      expect(connection.credentials).toEqual({
        accessToken: expect.stringMatching(/^sl\./),
        refreshToken: expect.any(String),
        accountId,
      });
      const lifetimeMs = connection.expiresAt!.getTime() - startedAt;
      expect(lifetimeMs).toBeGreaterThan(14_400_000 - 60_000);
      expect(lifetimeMs).toBeLessThanOrEqual(14_400_000 + 1000);
      expect(dropbox.tokenRequests.slice(tokenCallsBefore)).toEqual([
        {
          grantType: 'authorization_code',
          withClientSecret: false,
          withCodeVerifier: true,
          parametersInQuery: false,
          status: 200,
        },
      ]);
      expectNoSecrets(logLines, secrets);
    });

    it('accepts a pasted code with whitespace around it', async () => {
      const { context } = createTestContext({ settings: appSettings });
      const { authorizationUrl, codeVerifier } =
        await provider.startAuthorization({ ...context, state: 'state' });
      const code = await allowOnConsentPage(authorizationUrl);

      const connection = await provider.connect({
        ...context,
        input: { code: `  ${code}\n` },
        oauth: { codeVerifier },
      });

      expect(connection.credentials.accountId).toBe(accountId);
    });

    it('rejects a code with the verifier of another attempt', async () => {
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });
      const first = await provider.startAuthorization({
        ...context,
        state: 'first',
      });
      const second = await provider.startAuthorization({
        ...context,
        state: 'second',
      });
      const code = await allowOnConsentPage(first.authorizationUrl);

      const error = await captureError(
        provider.connect({
          ...context,
          input: { code },
          oauth: { codeVerifier: second.codeVerifier },
        }),
      );

      expect(error).toMatchObject({
        kind: 'invalid-input',
        field: 'code',
        retryable: false,
      });
      expect(error.message).toMatch(/rejected the authorization code/);
      expect(error.message).toMatch(/paste the new code/);
      expectNoSecrets(
        [error.message, ...logLines],
        [code, first.codeVerifier!, second.codeVerifier!],
      );
    });

    it('rejects a replayed code and revokes its tokens', async () => {
      const { connection, code, codeVerifier, secrets } =
        await connectThroughConsent(provider);
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });

      const error = await captureError(
        provider.connect({
          ...context,
          input: { code },
          oauth: { codeVerifier },
        }),
      );

      expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
      expectNoSecrets([error.message, ...logLines], secrets);
      const upload = await captureError(
        provider.upload({
          ...context,
          credentials: connection.credentials,
          file: htmlFile('after-replay.html', Buffer.from('x')),
        }),
      );
      expect(upload.kind).toBe('credentials-rejected');
    });

    it('rejects a malformed code without calling Dropbox', async () => {
      const { context } = createTestContext({ settings: appSettings });
      const tokenCallsBefore = dropbox.tokenRequests.length;
      const codeVerifier = 'v'.repeat(64);

      for (const code of ['', '   ', 'abc def 12345', 'abcdefgh&client_id=x']) {
        const error = await captureError(
          provider.connect({
            ...context,
            input: { code },
            oauth: { codeVerifier },
          }),
        );
        expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
      }
      expect(dropbox.tokenRequests.length).toBe(tokenCallsBefore);
    });

    it('requires the verifier stored at the start', async () => {
      const { context } = createTestContext({ settings: appSettings });
      const code = dropbox.issueCode({ clientId: appSettings.appKey });

      const error = await captureError(
        provider.connect({ ...context, input: { code }, oauth: {} }),
      );

      expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
      expect(error.message).toMatch(/Start connecting Dropbox again/);
    });

    it('rejects an app without the write permission', async () => {
      const readOnly = await startFakeDropbox({
        apps: [
          {
            ...defaultFakeDropboxApp,
            scopes: ['account_info.read', 'files.content.read'],
          },
        ],
      });
      try {
        const error = await captureError(
          connectThroughConsent(createProvider(readOnly.url)),
        );

        expect(error.kind).toBe('access-denied');
        expect(error.message).toContain('files.content.write');
        expect(countRequests(readOnly, '/2/auth/token/revoke')).toBe(1);
      } finally {
        await readOnly.close();
      }
    });
  });

  describe('files', () => {
    it('uploads into the app folder and replaces the file', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context } = createTestContext({ settings: appSettings });
      const first = randomBytes(64 * 1024);
      const second = randomBytes(32 * 1024);

      const firstResult = await provider.upload({
        ...context,
        credentials: connection.credentials,
        file: htmlFile('passwords-orders-db.html', first),
      });
      const afterFirst = dropbox.readFile(
        accountId,
        '/passwords-orders-db.html',
      );
      const secondResult = await provider.upload({
        ...context,
        credentials: connection.credentials,
        file: htmlFile('passwords-orders-db.html', second),
      });

      expect(afterFirst?.equals(first)).toBe(true);
      expect(
        dropbox
          .readFile(accountId, '/passwords-orders-db.html')
          ?.equals(second),
      ).toBe(true);
      expect(firstResult).toEqual({
        location: 'Dropbox app folder: /passwords-orders-db.html',
        remoteId: expect.stringMatching(/^id:/),
      });
      expect(secondResult.remoteId).toBe(firstResult.remoteId);
      const stored = dropbox
        .listFiles(accountId)
        .filter(file => file.pathDisplay === '/passwords-orders-db.html');
      expect(stored.map(file => file.revisions)).toEqual([2]);
    });

    it('names the app folder in the location when set', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context } = createTestContext({
        settings: { ...appSettings, appFolderName: 'Password Export' },
      });

      const result = await provider.upload({
        ...context,
        credentials: connection.credentials,
        file: htmlFile('passwords-billing.html', Buffer.from('<html>')),
      });

      expect(result.location).toBe(
        'Dropbox: /Apps/Password Export/passwords-billing.html',
      );
    });

    it('stores a hostile file name under its normalized path', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });
      const content = Buffer.from('<html>hostile</html>');

      const result = await provider.upload({
        ...context,
        credentials: connection.credentials,
        file: htmlFile('../etc\\passwd\u0000\u202e😀.html. ', content),
      });

      expect(result.location).toBe(
        'Dropbox app folder: /.._etc_passwd___.html',
      );
      expect(
        dropbox.readFile(accountId, '/.._etc_passwd___.html')?.equals(content),
      ).toBe(true);
      expect(logLines.join('\n')).toContain(
        'Changed file name to fit Dropbox path rules',
      );
    });

    it('rejects content that does not match its SHA-256', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context } = createTestContext({ settings: appSettings });
      const uploadsBefore = countRequests(dropbox, '/2/files/upload');

      const error = await captureError(
        provider.upload({
          ...context,
          credentials: connection.credentials,
          file: {
            ...htmlFile('mismatch.html', Buffer.from('one')),
            content: Buffer.from('two'),
          },
        }),
      );

      expect(error.kind).toBe('invalid-input');
      expect(error.message).toMatch(/SHA-256 given for \/mismatch\.html/);
      expect(countRequests(dropbox, '/2/files/upload')).toBe(uploadsBefore);
    });

    it('deletes a file, and a missing file is not an error', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });
      const { remoteId } = await provider.upload({
        ...context,
        credentials: connection.credentials,
        file: htmlFile('to-delete.html', Buffer.from('<html>')),
      });

      await provider.remove({
        ...context,
        credentials: connection.credentials,
        remoteId,
      });
      await provider.remove({
        ...context,
        credentials: connection.credentials,
        remoteId,
      });

      expect(dropbox.readFile(accountId, '/to-delete.html')).toBeUndefined();
      expect(
        logLines.filter(line => line.includes('already-gone')),
      ).toHaveLength(1);
    });

    it('rejects a remote id that is neither a file id nor a path', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context } = createTestContext({ settings: appSettings });

      const error = await captureError(
        provider.remove({
          ...context,
          credentials: connection.credentials,
          remoteId: 'ns:123/../x',
        }),
      );

      expect(error.kind).toBe('invalid-input');
      expect(error.message).toContain('"ns:123/../x"');
    });
  });

  describe('disconnect', () => {
    it('revokes the access and refresh tokens', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });

      await provider.disconnect({
        ...context,
        credentials: connection.credentials,
      });

      const upload = await captureError(
        provider.upload({
          ...context,
          credentials: connection.credentials,
          file: htmlFile('after-disconnect.html', Buffer.from('x')),
        }),
      );
      const refresh = await captureError(
        provider.refreshCredentials({
          ...context,
          credentials: connection.credentials,
        }),
      );
      expect(upload.kind).toBe('credentials-rejected');
      expect(refresh.kind).toBe('credentials-rejected');
      expect(logLines.join('\n')).toContain('Revoked Dropbox token');
    });

    it('succeeds when the token was already revoked', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });
      await provider.disconnect({
        ...context,
        credentials: connection.credentials,
      });

      await provider.disconnect({
        ...context,
        credentials: connection.credentials,
      });

      expect(logLines.join('\n')).toContain(
        'Dropbox token was already revoked',
      );
    });

    it('asks for a refresh when the token expired', async () => {
      const { connection } = await connectThroughConsent(provider);
      const { context } = createTestContext({ settings: appSettings });
      dropbox.expireAccessTokens();

      const error = await captureError(
        provider.disconnect({
          ...context,
          credentials: connection.credentials,
        }),
      );

      expect(error.kind).toBe('credentials-expired');
    });
  });

  describe('testConnection', () => {
    it('reports the server as reachable with its duration', async () => {
      const { context } = createTestContext({ settings: appSettings });

      const result = await provider.testConnection({ ...context, input: {} });

      expect(result).toEqual({
        ok: true,
        durationMs: expect.any(Number),
        proxy: undefined,
        message: expect.stringContaining(
          `Reached Dropbox at ${dropbox.url}/ directly`,
        ),
      });
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('reports a closed port as unreachable without throwing', async () => {
      const closed = createProvider(
        `http://127.0.0.1:${await findClosedPort()}`,
      );
      const { context, logLines } = createTestContext({
        settings: appSettings,
      });

      const result = await closed.testConnection({ ...context, input: {} });

      expect(result.ok).toBe(false);
      expect(result.message).toMatch(
        /could not reach Dropbox at .*ECONNREFUSED/,
      );
      expect(logLines.join('\n')).toContain('Dropbox connection test failed');
    });

    it('reports an invalid app key', async () => {
      const { context } = createTestContext({
        settings: { appKey: 'not a key!' },
      });

      const result = await provider.testConnection({ ...context, input: {} });

      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/app key "not a key!" is invalid/);
    });

    it('goes through the proxy from HTTP_PROXY, as uploads do', async () => {
      const proxy = await startRelayProxy();
      try {
        const { connection } = await connectThroughConsent(provider);
        process.env.HTTP_PROXY = proxy.url;
        const { context } = createTestContext({ settings: appSettings });

        const result = await provider.testConnection({ ...context, input: {} });
        await provider.upload({
          ...context,
          credentials: connection.credentials,
          file: htmlFile('through-proxy.html', Buffer.from('<html>')),
        });

        expect(result.ok).toBe(true);
        expect(result.proxy).toBe(proxy.url);
        expect(result.message).toContain(`through the proxy ${proxy.url}`);
        expect(proxy.relayed).toEqual([
          { method: 'HEAD', url: `${dropbox.url}/` },
          { method: 'POST', url: `${dropbox.url}/2/files/upload` },
        ]);
      } finally {
        await proxy.stop();
      }
    });

    it('skips the proxy for hosts in NO_PROXY', async () => {
      const proxy = await startRelayProxy();
      try {
        process.env.HTTP_PROXY = proxy.url;
        process.env.NO_PROXY = '127.0.0.1';
        const { context } = createTestContext({ settings: appSettings });

        const result = await provider.testConnection({ ...context, input: {} });

        expect(result).toMatchObject({ ok: true, proxy: undefined });
        expect(proxy.relayed).toEqual([]);
      } finally {
        await proxy.stop();
      }
    });
  });
});
